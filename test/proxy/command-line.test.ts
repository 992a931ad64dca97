// The server's command for wrap: shell-like splitting of --command, and the words after `--`.
import {describe, expect, it} from 'vitest'
import {InputError} from '../../src/core/errors.js'
import {splitAtDoubleDash, splitCommandLine} from '../../src/proxy/command-line.js'

describe('splitCommandLine', () => {
  it('splits on whitespace and keeps quoted words together', () => {
    expect(splitCommandLine('npx -y  @modelcontextprotocol/server-filesystem "/My Documents" \'a b\'')).toEqual([
      'npx',
      '-y',
      '@modelcontextprotocol/server-filesystem',
      '/My Documents',
      'a b',
    ])
  })

  it('handles escapes, empty quoted words and quotes inside words like a POSIX shell', () => {
    expect(splitCommandLine(String.raw`a\ b "" c"d e"f 'x\y' "q\"r\n"`)).toEqual(['a b', '', 'cd ef', String.raw`x\y`, String.raw`q"r\n`])
  })

  it('does not expand variables or globs', () => {
    expect(splitCommandLine('echo $HOME *.js')).toEqual(['echo', '$HOME', '*.js'])
  })

  it('rejects an unterminated quote as a usage error', () => {
    expect(() => splitCommandLine('node "server.js')).toThrow(InputError)
  })
})

describe('splitAtDoubleDash', () => {
  it('keeps everything after the first -- as the command, even flags and more --', () => {
    expect(splitAtDoubleDash(['--name', 'fs', '--', 'node', 's.js', '--name', '--', 'x'])).toEqual({flags: ['--name', 'fs'], command: ['node', 's.js', '--name', '--', 'x']})
    expect(splitAtDoubleDash(['--name', 'fs'])).toEqual({flags: ['--name', 'fs']})
  })
})
