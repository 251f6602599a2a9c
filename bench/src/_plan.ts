import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
const req = createRequire(createRequire(import.meta.url).resolve('@apollo/gateway'));
const fi = req('@apollo/federation-internals');
const qp = req('@apollo/query-planner');
const { parse } = req('graphql');
const sdl = readFileSync('../schema/supergraph.graphql', 'utf8');
const supergraph = fi.Supergraph.build(sdl);
const planner = new qp.QueryPlanner(supergraph);
const q = process.argv[2] === 'd' ? `query Dashboard($id: ID!) {
  building(id: $id) {
    name staff { name phone }
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
}` : `query Lifecycle($uscc: ID!) {
  enterprise(uscc: $uscc) {
    registration { name status establishedOn legalRepresentative { name } }
    tax { status creditGrade { year grade } hasArrears arrearsTotal arrears { taxItem amount lateFee } }
    medicalInsurance { status insuredCount { inService retired } hasArrears arrearsTotal }
    realEstate { currentUnitCount hasMortgage hasSeizure mortgages { securedAmount mortgagee } seizures { authority documentNo to } }
    lifecycle { stage stageLabel incompleteDepartments events { at department kind title } }
  }
}`;
const op = fi.operationFromDocument(supergraph.schema, parse(q));
const plan = planner.buildQueryPlan(op);
console.log(qp.prettyFormatQueryPlan(plan));
console.log(JSON.stringify(plan.node, (k, v) => (k === 'operation' || k==='operationDocumentNode' || k==='requires' || k==='inputRewrites'|| k==='outputRewrites' || k==='variableUsages' ? undefined : v)).slice(0, 1500));
