// Every GraphQL operation the workspace sends: named, static documents, never
// built from strings, so a trusted-documents manifest can be generated from
// this file. Variables carry every choice the user makes.

export const REFERENCE = /* GraphQL */ `
query WorkspaceReference {
  me { authenticated name role partnerships }
  partnerships { code name abbreviation }
  reportingPeriods { label standard startDate endDate description }
  metrics { id name unit better dataset definition }
}`;

export const ME = /* GraphQL */ `
query WorkspaceMe {
  me { authenticated name role partnerships }
}`;

const BENCHMARK_FIELDS = `
  metric { id name unit better definition decimalPlaces ranked }
  period { label standard description startDate }
  nonStandardPeriod
  regionalMedian
  regionalMean
  regionalStatus
  comparableCount
  suppressedExcludedCount
  regionalEstimatedInput
  regionalIllustrative
  rows {
    partnership value status ratePer10k rateStatus rank quartile suppressed populationYear
    flags estimatedInput illustrative nonStandardPeriod unreliable
  }`;

export const BENCHMARK_MATRIX = /* GraphQL */ `
query WorkspaceCompare($metrics: [String!]!, $period: String!) {
  benchmarkMatrix(metrics: $metrics, period: $period) {
    period { label standard description }
    benchmarks {${BENCHMARK_FIELDS}
    }
  }
}`;

const TREND_FIELDS = `
    metric { id name unit better definition decimalPlaces }
    partnership
    direction
    points {
      period { label standard }
      value status ratePer10k comparable
      flags estimatedInput illustrative nonStandardPeriod unreliable
    }`;

// One alias per partnership: the five lines of a trend in one request.
export const TREND = /* GraphQL */ `
query WorkspaceTrend($metric: String!, $from: String!, $to: String!) {
  BRISTOL: trend(metric: $metric, partnership: BRISTOL, from: $from, to: $to) {${TREND_FIELDS}
  }
  NORTH_SOMERSET: trend(metric: $metric, partnership: NORTH_SOMERSET, from: $from, to: $to) {${TREND_FIELDS}
  }
  SOUTH_GLOUCESTERSHIRE: trend(metric: $metric, partnership: SOUTH_GLOUCESTERSHIRE, from: $from, to: $to) {${TREND_FIELDS}
  }
  BATH_NE_SOMERSET: trend(metric: $metric, partnership: BATH_NE_SOMERSET, from: $from, to: $to) {${TREND_FIELDS}
  }
  SOMERSET: trend(metric: $metric, partnership: SOMERSET, from: $from, to: $to) {${TREND_FIELDS}
  }
}`;

export const SCRUTINY_COVERAGE = /* GraphQL */ `
query WorkspaceScrutinyCoverage($from: NaiveDate, $to: NaiveDate) {
  scrutinyCoverage(from: $from, to: $to) {
    from to asOf
    rows {
      theme { code name scope }
      partnershipsCovered
      cells { partnership activities openRecommendations overdueRecommendations }
    }
  }
}`;

export const SCRUTINY_ACTIVITIES = /* GraphQL */ `
query WorkspaceScrutinyActivities($filter: ScrutinyActivityFilter, $after: String) {
  scrutinyActivities(filter: $filter, first: 50, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id kind date title summary published illustrative source
        partnerships
        recommendations { id status dueDate overdue }
      }
    }
  }
}`;

const FIGURE = `{ value status }`;
const CDOP_FIGURES = `
    deathsNotified ${FIGURE}
    reviewsCompleted ${FIGURE}
    byAgeBand { age0To27Days ${FIGURE} age28To364Days ${FIGURE} age1To4 ${FIGURE} age5To9 ${FIGURE} age10To14 ${FIGURE} age15To17 ${FIGURE} complete }
    byCategory { deliberatelyInflictedInjury ${FIGURE} suicideOrSelfHarm ${FIGURE} traumaOrExternalFactors ${FIGURE} malignancy ${FIGURE} acuteMedicalOrSurgical ${FIGURE} chronicMedical ${FIGURE} chromosomalGeneticCongenital ${FIGURE} perinatalNeonatal ${FIGURE} infection ${FIGURE} suddenUnexpectedUnexplained ${FIGURE} complete }
    byExpectation { expected ${FIGURE} unexpected ${FIGURE} complete }
    byModifiableFactors { identified ${FIGURE} notIdentified ${FIGURE} insufficientInformation ${FIGURE} complete }
    byTimeToReview { under6Months ${FIGURE} from6To12Months ${FIGURE} over12Months ${FIGURE} complete }`;

export const CDOP_SUMMARY = /* GraphQL */ `
query WorkspaceCdop($period: String!) {
  cdopRegionalSummary(period: $period) {
    period { label standard description }
    disclosureControlled
    complete
    region {${CDOP_FIGURES}
    }
    partnerships {
      partnership
      cdopReturn {
        status
        disclosureControlled
        provenance { source illustrative }
        figures {${CDOP_FIGURES}
        }
      }
    }
  }
}`;

export const SECTION11_ROUNDS = /* GraphQL */ `
query WorkspaceSection11Rounds {
  section11Rounds(first: 100) {
    edges { node { id databaseId title mode illustrative period { label } partnerships { partnership published } } }
  }
}`;

export const SECTION11_SUMMARY = /* GraphQL */ `
query WorkspaceSection11Summary($round: ID!, $partnership: PartnershipCode!) {
  section11Summary(round: $round, partnership: $partnership) {
    partnership basis illustrative
    expectedFigure { value status }
    receivedFigure { value status }
    returnRateFigure { value status }
    byOverallGrade { grade count }
    shareGoodOrBetterFigure { value status }
    agenciesWithInadequateGradingFigure { value status }
    standards { number title parentNumber shareGoodOrBetterFigure { value status } }
  }
}`;

// GraphiQL's opening example (graphiql.js).
export const GRAPHIQL_EXAMPLE = /* GraphQL */ `# The regional safeguarding data hub's GraphQL API.
# An example: child death notifications for the five partnerships in 2024-25,
# ranked, with the regional median. Press the run button (or Ctrl-Enter).
# The Docs button lists every type and field; the benchmarking workspace is at /.
query ExampleBenchmark {
  benchmark(metric: "cdop.notifications", period: "2024-25") {
    metric { name better }
    regionalMedian
    rows { partnership value rank quartile suppressed flags }
  }
  me { authenticated name role }
}
`;
