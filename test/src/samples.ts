export { SAMPLE_USCC, SAMPLE_BUILDINGS } from '@district/dataset';

/** The lifecycle query front ends send (README's first example). */
export const LIFECYCLE_QUERY = /* GraphQL */ `
  query Lifecycle($uscc: ID!) {
    enterprise(uscc: $uscc) {
      uscc
      registration { name status establishedOn deregisteredOn onAbnormalList }
      tax { status creditGrade { year grade } hasArrears arrearsTotal arrears { amount lateFee } clearance { certificateNo issuedOn path } }
      medicalInsurance { status statusChangedOn hasArrears arrearsTotal }
      realEstate {
        currentUnitCount hasMortgage hasSeizure
        rights(includeHistorical: true) { certificateNo unitNo status registeredOn endedOn holderName }
        mortgages { certificateNo securedAmount mortgagee }
        seizures { authority documentNo from to }
      }
      lifecycle { stage stageLabel incompleteDepartments events { at department kind title } }
    }
  }`;
