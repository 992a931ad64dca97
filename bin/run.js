#!/usr/bin/env node
// Entry point of the mcp-warden CLI: hands argv to oclif, which loads commands from dist/commands
// through the manifest generated at build time (so start-up does not scan the commands folder).
//
// `--version` is answered here, before oclif is loaded: it is what scripts and CI call to check the
// tool is there, and loading oclif would triple its start-up (npm run bench measures both). The
// line is the one oclif prints: name/version platform-arch node-version.
if (process.argv[2] === '--version') {
  const {readFileSync} = await import('node:fs')
  const {name, version} = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  process.stdout.write(`${name}/${version} ${process.platform}-${process.arch} node-${process.version}\n`)
} else {
  const {execute} = await import('@oclif/core')
  await execute({dir: import.meta.url})
}
