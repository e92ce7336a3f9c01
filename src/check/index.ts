export { judge, exitCodeFor, countVerdicts, type Expectation, type JudgeInput, type ToleranceUnit, type Comparison, type Verdict } from "./expectation.js";
export { toJUnitXml, escapeXml, type JUnitOptions } from "./junit.js";
export { toJson, toTextTable, checkReport, type CheckReport } from "./format.js";
export {
  parseSuite,
  SuiteError,
  SUITE_VERSION,
  EXPECTATION_KINDS,
  SUITE_DIST_NAMES,
  type Suite,
  type ExpectationSpec,
  type VarianceSpec,
  type UpperBoundSpec,
  type DecaySpec,
  type SamplerSpec,
  type ExpectationKind,
  type SuiteDistName,
  type Transform,
} from "./suite.js";
export { defaultSuite, DEFAULT_SUITE_JSON } from "./default-suite.js";
