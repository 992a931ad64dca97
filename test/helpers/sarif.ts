// Checks a SARIF log the way its consumers do: the OASIS 2.1.0 schema, then what GitHub code
// scanning adds on top (FACTS.md). Returns the problems so a failing test says which result broke.
import {readFileSync} from 'node:fs'
import path from 'node:path'
import AjvDraft04 from 'ajv-draft-04'
import ajvFormats from 'ajv-formats'
import {ROOT} from './cli.js'

const schema = JSON.parse(readFileSync(path.join(ROOT, 'test/schemas/sarif-schema-2.1.0.json'), 'utf8'))
// Both packages are CommonJS with a `default` export; under NodeNext the default import is the module.
const Ajv = AjvDraft04.default
const addFormats = ajvFormats.default
const ajv = new Ajv({strict: false, allErrors: true})
addFormats(ajv)
const validate = ajv.compile(schema)

export function schemaErrors(log: unknown): string[] {
  if (validate(log)) return []
  return (validate.errors ?? []).map((e: {instancePath: string; message?: string}) => `${e.instancePath || '/'} ${e.message ?? ''}`)
}

type Json = Record<string, any>

export function githubProblems(log: Json): string[] {
  const out: string[] = []
  if (!Array.isArray(log.runs) || log.runs.length !== 1) out.push(`expected exactly one run, got ${log.runs?.length}`)
  for (const run of log.runs ?? []) {
    const rules: Json[] = run.tool?.driver?.rules ?? []
    if (!run.tool?.driver?.name) out.push('tool.driver.name is missing')
    if ((run.results ?? []).length > 25_000) out.push(`more than 25,000 results: ${run.results.length}`)
    for (const [i, rule] of rules.entries()) {
      const sev = rule.properties?.['security-severity']
      if (typeof sev !== 'string' || !/^\d+(\.\d+)?$/.test(sev) || !(Number(sev) > 0 && Number(sev) <= 10)) out.push(`rule ${rule.id}: security-severity ${JSON.stringify(sev)} is not a string number in (0,10]`)
      if (!rule.shortDescription?.text) out.push(`rule ${rule.id}: no shortDescription`)
      if (!rule.help?.text || !rule.help?.markdown) out.push(`rule ${rule.id}: no help text and markdown`)
      if (!rules.every((r, j) => j === i || r.id !== rule.id)) out.push(`rule ${rule.id} listed twice`)
    }
    for (const [i, r] of (run.results ?? []).entries()) {
      const where = `result ${i} (${r.ruleId})`
      if (typeof r.ruleIndex !== 'number' || rules[r.ruleIndex]?.id !== r.ruleId) out.push(`${where}: ruleIndex ${r.ruleIndex} does not point at rule ${r.ruleId}`)
      if (!r.message?.text) out.push(`${where}: no message.text`)
      const locs = r.locations ?? []
      if (locs.length !== 1) out.push(`${where}: expected exactly one location, got ${locs.length}`)
      const phys = locs[0]?.physicalLocation
      const uri: unknown = phys?.artifactLocation?.uri
      if (typeof uri !== 'string' || uri === '') out.push(`${where}: no artifactLocation.uri`)
      else {
        if (/^[a-z][a-z0-9+.-]*:/i.test(uri) || uri.startsWith('/')) out.push(`${where}: uri ${uri} is not relative`)
        if (uri.split('/').includes('..')) out.push(`${where}: uri ${uri} contains ..`)
      }
      const line = phys?.region?.startLine
      if (!Number.isInteger(line) || line < 1) out.push(`${where}: region.startLine ${line} is not an integer >= 1`)
      if (!r.partialFingerprints || Object.keys(r.partialFingerprints).length === 0) out.push(`${where}: no partialFingerprints`)
    }
  }
  return out
}
