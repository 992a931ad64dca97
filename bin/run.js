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
  // oclif's subpath entries, not '@oclif/core': its index loads every part of oclif, and semver (about
  // 50 files) only to check Node against oclif's own engines (>= 18, below ours): about 30 of the
  // 80 ms oclif took to load. The index's other start-up check, a warning when the working folder
  // was deleted, is kept here. The commands import the subpaths too, or the index would load anyway.
  try {
    process.cwd()
  } catch (error) {
    if (error.code === 'ENOENT') process.stderr.write('WARNING: current directory does not exist\n')
  }
  const {execute} = await import('@oclif/core/execute')
  await execute({dir: import.meta.url})
}
