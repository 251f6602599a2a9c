/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "mutation WorkbenchAdvanceRequest($input: AdvanceRequestInput!) {\n  advanceRequest(input: $input) {\n    id\n    state\n    overdue\n    transitions {\n      seq\n      action\n      toState\n      actorRole\n      at\n      note\n    }\n  }\n}": typeof types.WorkbenchAdvanceRequestDocument,
    "query WorkbenchBuilding($id: ID!) {\n  building(id: $id) {\n    id\n    name\n    address\n    street\n    staff {\n      id\n      name\n    }\n  }\n}": typeof types.WorkbenchBuildingDocument,
    "query WorkbenchOpenRequests($buildingId: ID!, $first: Int, $after: String) {\n  buildingOpenRequests(buildingId: $buildingId, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        title\n        state\n        overdue\n        dueAt\n        createdAt\n        escalatedAt\n        department\n        uscc\n        category {\n          code\n          label\n        }\n      }\n    }\n  }\n}": typeof types.WorkbenchOpenRequestsDocument,
    "mutation WorkbenchRecordVisit($input: RecordVisitInput!) {\n  recordVisit(input: $input) {\n    id\n    buildingId\n    uscc\n    visitedAt\n    met\n    topics\n    requests {\n      id\n    }\n  }\n}": typeof types.WorkbenchRecordVisitDocument,
    "query WorkbenchVisits($id: ID!, $first: Int) {\n  building(id: $id) {\n    id\n    visits(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          uscc\n          visitedAt\n          met\n          topics\n          staff\n          requests {\n            id\n          }\n        }\n      }\n    }\n  }\n}": typeof types.WorkbenchVisitsDocument,
    "query BuildingDashboard($id: ID!, $first: Int, $after: String) {\n  building(id: $id) {\n    name\n    staff {\n      name\n    }\n    enterprises(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          uscc\n          registration {\n            name\n            status\n            onAbnormalList\n          }\n          tax {\n            status\n            creditGrade {\n              grade\n            }\n            hasArrears\n          }\n          medicalInsurance {\n            status\n            hasArrears\n          }\n          realEstate {\n            hasMortgage\n            hasSeizure\n          }\n        }\n      }\n    }\n  }\n}": typeof types.BuildingDashboardDocument,
    "query Lifecycle($uscc: ID!) {\n  enterprise(uscc: $uscc) {\n    uscc\n    registration {\n      name\n      status\n      establishedOn\n      deregisteredOn\n      onAbnormalList\n      legalRepresentative {\n        name\n      }\n    }\n    tax {\n      status\n      creditGrade {\n        year\n        grade\n      }\n      hasArrears\n      arrearsTotal\n    }\n    medicalInsurance {\n      status\n      insuredCount {\n        inService\n        retired\n      }\n      hasArrears\n      arrearsTotal\n    }\n    realEstate {\n      currentUnitCount\n      hasMortgage\n      hasSeizure\n    }\n    lifecycle {\n      stage\n      stageLabel\n      incompleteDepartments\n      events {\n        at\n        department\n        kind\n        title\n      }\n    }\n  }\n}": typeof types.LifecycleDocument,
};
const documents: Documents = {
    "mutation WorkbenchAdvanceRequest($input: AdvanceRequestInput!) {\n  advanceRequest(input: $input) {\n    id\n    state\n    overdue\n    transitions {\n      seq\n      action\n      toState\n      actorRole\n      at\n      note\n    }\n  }\n}": types.WorkbenchAdvanceRequestDocument,
    "query WorkbenchBuilding($id: ID!) {\n  building(id: $id) {\n    id\n    name\n    address\n    street\n    staff {\n      id\n      name\n    }\n  }\n}": types.WorkbenchBuildingDocument,
    "query WorkbenchOpenRequests($buildingId: ID!, $first: Int, $after: String) {\n  buildingOpenRequests(buildingId: $buildingId, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        title\n        state\n        overdue\n        dueAt\n        createdAt\n        escalatedAt\n        department\n        uscc\n        category {\n          code\n          label\n        }\n      }\n    }\n  }\n}": types.WorkbenchOpenRequestsDocument,
    "mutation WorkbenchRecordVisit($input: RecordVisitInput!) {\n  recordVisit(input: $input) {\n    id\n    buildingId\n    uscc\n    visitedAt\n    met\n    topics\n    requests {\n      id\n    }\n  }\n}": types.WorkbenchRecordVisitDocument,
    "query WorkbenchVisits($id: ID!, $first: Int) {\n  building(id: $id) {\n    id\n    visits(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          uscc\n          visitedAt\n          met\n          topics\n          staff\n          requests {\n            id\n          }\n        }\n      }\n    }\n  }\n}": types.WorkbenchVisitsDocument,
    "query BuildingDashboard($id: ID!, $first: Int, $after: String) {\n  building(id: $id) {\n    name\n    staff {\n      name\n    }\n    enterprises(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          uscc\n          registration {\n            name\n            status\n            onAbnormalList\n          }\n          tax {\n            status\n            creditGrade {\n              grade\n            }\n            hasArrears\n          }\n          medicalInsurance {\n            status\n            hasArrears\n          }\n          realEstate {\n            hasMortgage\n            hasSeizure\n          }\n        }\n      }\n    }\n  }\n}": types.BuildingDashboardDocument,
    "query Lifecycle($uscc: ID!) {\n  enterprise(uscc: $uscc) {\n    uscc\n    registration {\n      name\n      status\n      establishedOn\n      deregisteredOn\n      onAbnormalList\n      legalRepresentative {\n        name\n      }\n    }\n    tax {\n      status\n      creditGrade {\n        year\n        grade\n      }\n      hasArrears\n      arrearsTotal\n    }\n    medicalInsurance {\n      status\n      insuredCount {\n        inService\n        retired\n      }\n      hasArrears\n      arrearsTotal\n    }\n    realEstate {\n      currentUnitCount\n      hasMortgage\n      hasSeizure\n    }\n    lifecycle {\n      stage\n      stageLabel\n      incompleteDepartments\n      events {\n        at\n        department\n        kind\n        title\n      }\n    }\n  }\n}": types.LifecycleDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation WorkbenchAdvanceRequest($input: AdvanceRequestInput!) {\n  advanceRequest(input: $input) {\n    id\n    state\n    overdue\n    transitions {\n      seq\n      action\n      toState\n      actorRole\n      at\n      note\n    }\n  }\n}"): (typeof documents)["mutation WorkbenchAdvanceRequest($input: AdvanceRequestInput!) {\n  advanceRequest(input: $input) {\n    id\n    state\n    overdue\n    transitions {\n      seq\n      action\n      toState\n      actorRole\n      at\n      note\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query WorkbenchBuilding($id: ID!) {\n  building(id: $id) {\n    id\n    name\n    address\n    street\n    staff {\n      id\n      name\n    }\n  }\n}"): (typeof documents)["query WorkbenchBuilding($id: ID!) {\n  building(id: $id) {\n    id\n    name\n    address\n    street\n    staff {\n      id\n      name\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query WorkbenchOpenRequests($buildingId: ID!, $first: Int, $after: String) {\n  buildingOpenRequests(buildingId: $buildingId, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        title\n        state\n        overdue\n        dueAt\n        createdAt\n        escalatedAt\n        department\n        uscc\n        category {\n          code\n          label\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query WorkbenchOpenRequests($buildingId: ID!, $first: Int, $after: String) {\n  buildingOpenRequests(buildingId: $buildingId, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        title\n        state\n        overdue\n        dueAt\n        createdAt\n        escalatedAt\n        department\n        uscc\n        category {\n          code\n          label\n        }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation WorkbenchRecordVisit($input: RecordVisitInput!) {\n  recordVisit(input: $input) {\n    id\n    buildingId\n    uscc\n    visitedAt\n    met\n    topics\n    requests {\n      id\n    }\n  }\n}"): (typeof documents)["mutation WorkbenchRecordVisit($input: RecordVisitInput!) {\n  recordVisit(input: $input) {\n    id\n    buildingId\n    uscc\n    visitedAt\n    met\n    topics\n    requests {\n      id\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query WorkbenchVisits($id: ID!, $first: Int) {\n  building(id: $id) {\n    id\n    visits(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          uscc\n          visitedAt\n          met\n          topics\n          staff\n          requests {\n            id\n          }\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query WorkbenchVisits($id: ID!, $first: Int) {\n  building(id: $id) {\n    id\n    visits(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          uscc\n          visitedAt\n          met\n          topics\n          staff\n          requests {\n            id\n          }\n        }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query BuildingDashboard($id: ID!, $first: Int, $after: String) {\n  building(id: $id) {\n    name\n    staff {\n      name\n    }\n    enterprises(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          uscc\n          registration {\n            name\n            status\n            onAbnormalList\n          }\n          tax {\n            status\n            creditGrade {\n              grade\n            }\n            hasArrears\n          }\n          medicalInsurance {\n            status\n            hasArrears\n          }\n          realEstate {\n            hasMortgage\n            hasSeizure\n          }\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query BuildingDashboard($id: ID!, $first: Int, $after: String) {\n  building(id: $id) {\n    name\n    staff {\n      name\n    }\n    enterprises(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          uscc\n          registration {\n            name\n            status\n            onAbnormalList\n          }\n          tax {\n            status\n            creditGrade {\n              grade\n            }\n            hasArrears\n          }\n          medicalInsurance {\n            status\n            hasArrears\n          }\n          realEstate {\n            hasMortgage\n            hasSeizure\n          }\n        }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Lifecycle($uscc: ID!) {\n  enterprise(uscc: $uscc) {\n    uscc\n    registration {\n      name\n      status\n      establishedOn\n      deregisteredOn\n      onAbnormalList\n      legalRepresentative {\n        name\n      }\n    }\n    tax {\n      status\n      creditGrade {\n        year\n        grade\n      }\n      hasArrears\n      arrearsTotal\n    }\n    medicalInsurance {\n      status\n      insuredCount {\n        inService\n        retired\n      }\n      hasArrears\n      arrearsTotal\n    }\n    realEstate {\n      currentUnitCount\n      hasMortgage\n      hasSeizure\n    }\n    lifecycle {\n      stage\n      stageLabel\n      incompleteDepartments\n      events {\n        at\n        department\n        kind\n        title\n      }\n    }\n  }\n}"): (typeof documents)["query Lifecycle($uscc: ID!) {\n  enterprise(uscc: $uscc) {\n    uscc\n    registration {\n      name\n      status\n      establishedOn\n      deregisteredOn\n      onAbnormalList\n      legalRepresentative {\n        name\n      }\n    }\n    tax {\n      status\n      creditGrade {\n        year\n        grade\n      }\n      hasArrears\n      arrearsTotal\n    }\n    medicalInsurance {\n      status\n      insuredCount {\n        inService\n        retired\n      }\n      hasArrears\n      arrearsTotal\n    }\n    realEstate {\n      currentUnitCount\n      hasMortgage\n      hasSeizure\n    }\n    lifecycle {\n      stage\n      stageLabel\n      incompleteDepartments\n      events {\n        at\n        department\n        kind\n        title\n      }\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;