/**
 * The README's sample operations, preloaded as GraphiQL tabs (graphiql.ts) so a first visit has
 * something to run. Each is written here exactly as the README shows it
 * (graphiql.test.ts holds the two together).
 */
export interface SampleTab {
  /** The tab's title in GraphiQL is its operation name. */
  query: string;
  variables?: string;
}

export const DASHBOARD = `query Dashboard {
  building(id: "LS-B001") {
    name staff { name }
    enterprises(first: 200) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node {
        uscc registration { name status onAbnormalList }
        tax { status creditGrade { grade } hasArrears }
        medicalInsurance { status hasArrears }
        realEstate { hasMortgage hasSeizure }
      } }
    }
  }
}`;

export const LIFECYCLE = `query Lifecycle {
  enterprise(uscc: "913702121635897372") {
    registration { name status establishedOn legalRepresentative { name } }   # names are masked: 赵**
    tax { status creditGrade { year grade } hasArrears arrearsTotal arrears { taxItem amount lateFee } }
    medicalInsurance { status insuredCount { inService retired } hasArrears arrearsTotal }
    realEstate { currentUnitCount hasMortgage hasSeizure mortgages { securedAmount mortgagee } seizures { authority documentNo to } }
    lifecycle { stage stageLabel incompleteDepartments events { at department kind title } }
  }
}`;

export const FOLLOW_UPS = `query FollowUps {
  followUps(status: OPEN, first: 20) {
    id bundleId status owner dueAt
    evaluation { level poor channel at }
  }
}`;

export const RATE_BUNDLE = `mutation RateBundle($bundleId: ID!) {
  rateBundle(input: { bundleId: $bundleId, level: 2, channel: ONLINE, comment: "材料要求不清楚" }) {
    id level poor followUp { id status dueAt }
  }
}`;

export const SAMPLE_TABS: SampleTab[] = [
  { query: DASHBOARD },
  { query: LIFECYCLE },
  { query: FOLLOW_UPS },
  { query: RATE_BUNDLE, variables: '{ "bundleId": "LS-20261101-000001" }' },
];
