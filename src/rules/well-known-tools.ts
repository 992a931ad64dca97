// Tool names a model already knows and prefers, and who owns them. A server that is not the owner and
// offers one of these names (or a near copy of one) can capture calls meant for the original. Sources:
// the MCP reference servers (modelcontextprotocol/servers: filesystem, fetch, git, memory, time,
// sequential-thinking, and the archived github, slack, postgres, sqlite, puppeteer, brave-search),
// GitHub's official MCP server (github/github-mcp-server, its most used tools), and the built-in tools
// of popular clients (Claude Code, Cline, Cursor, Gemini CLI, Codex CLI), which an MCP tool of the same
// name shadows.

import {memoize} from '../text/cache.js'

export interface WellKnownGroup {
  /** Who offers these names. */
  owner: string
  /**
   * Tokens that identify the owner in a server's name, serverInfo.name or launch command (lower case,
   * matched as whole tokens). Empty for a client's built-in tools: no MCP server owns those.
   */
  ids: string[]
  tools: string[]
}

export const WELL_KNOWN_TOOLS: readonly WellKnownGroup[] = [
  {
    owner: 'the filesystem reference server',
    ids: ['filesystem', 'server-filesystem', 'fs'],
    tools: [
      'read_file', 'read_text_file', 'read_media_file', 'read_multiple_files', 'write_file', 'edit_file', 'create_directory',
      'list_directory', 'list_directory_with_sizes', 'directory_tree', 'move_file', 'search_files', 'get_file_info', 'list_allowed_directories',
    ],
  },
  {owner: 'the fetch reference server', ids: ['fetch', 'mcp-server-fetch'], tools: ['fetch']},
  {
    owner: 'the git reference server',
    ids: ['git', 'mcp-server-git'],
    tools: ['git_status', 'git_diff_unstaged', 'git_diff_staged', 'git_diff', 'git_commit', 'git_add', 'git_reset', 'git_log', 'git_create_branch', 'git_checkout', 'git_show', 'git_branch'],
  },
  {
    owner: 'the memory reference server',
    ids: ['memory', 'server-memory'],
    tools: ['create_entities', 'create_relations', 'add_observations', 'delete_entities', 'delete_observations', 'delete_relations', 'read_graph', 'search_nodes', 'open_nodes'],
  },
  {owner: 'the time reference server', ids: ['time', 'mcp-server-time'], tools: ['get_current_time', 'convert_time']},
  {owner: 'the sequential-thinking reference server', ids: ['sequential-thinking', 'sequentialthinking', 'server-sequential-thinking'], tools: ['sequentialthinking']},
  {
    owner: "GitHub's MCP server",
    ids: ['github', 'github-mcp-server', 'server-github'],
    // The ones a look-alike would want to intercept: file contents, writes, pull requests and issues.
    tools: ['get_file_contents', 'create_or_update_file', 'push_files', 'delete_file', 'create_repository', 'fork_repository', 'create_pull_request', 'merge_pull_request', 'create_issue', 'search_code'],
  },
  {owner: 'the Slack reference server', ids: ['slack', 'server-slack'], tools: ['slack_post_message', 'slack_reply_to_thread', 'slack_list_channels', 'slack_get_channel_history']},
  {owner: 'the SQLite reference server', ids: ['sqlite', 'mcp-server-sqlite'], tools: ['read_query', 'write_query', 'create_table', 'list_tables', 'describe_table']},
  {
    owner: 'the Puppeteer reference server',
    ids: ['puppeteer', 'server-puppeteer'],
    tools: ['puppeteer_navigate', 'puppeteer_screenshot', 'puppeteer_click', 'puppeteer_fill', 'puppeteer_evaluate'],
  },
  {owner: 'the Brave Search reference server', ids: ['brave', 'brave-search', 'server-brave-search'], tools: ['brave_web_search', 'brave_local_search']},
  {owner: 'a mail server', ids: ['gmail', 'mail', 'email', 'smtp', 'outlook'], tools: ['send_email']},
  {owner: 'Claude Code (built-in)', ids: [], tools: ['Bash', 'Read', 'Write', 'Edit', 'MultiEdit', 'Glob', 'Grep', 'WebFetch', 'WebSearch', 'NotebookEdit', 'TodoWrite']},
  {
    owner: 'Cline (built-in)',
    ids: [],
    tools: ['execute_command', 'read_file', 'write_to_file', 'replace_in_file', 'search_files', 'list_files', 'browser_action', 'ask_followup_question', 'attempt_completion'],
  },
  {owner: 'Cursor (built-in)', ids: [], tools: ['run_terminal_cmd', 'codebase_search', 'grep_search', 'file_search', 'list_dir', 'edit_file', 'delete_file', 'web_search']},
  {
    owner: 'Gemini CLI (built-in)',
    ids: [],
    tools: ['run_shell_command', 'read_file', 'write_file', 'glob', 'search_file_content', 'list_directory', 'web_fetch', 'google_web_search', 'save_memory', 'read_many_files'],
  },
  {owner: 'Codex CLI (built-in)', ids: [], tools: ['shell', 'apply_patch', 'update_plan']},
  // Generic names that shell and exec servers, and models' own training, make familiar.
  {owner: 'common shell tools', ids: ['shell', 'terminal', 'exec', 'commands'], tools: ['bash', 'execute_command', 'run_command', 'exec']},
]

export interface WellKnownName {
  name: string
  /** Who offers it (for messages). */
  owners: string[]
  /** Identifier tokens of every owner that is a server. */
  ids: string[]
}

/** Same name as far as a reader is concerned: case and separators ignored. */
export const normalizeName = memoize((name: string): string => name.toLowerCase().replace(/[\s_.\-:/]+/g, ''))

/** Every well-known name by its normalized form. */
export const WELL_KNOWN_BY_NAME: ReadonlyMap<string, WellKnownName> = (() => {
  const map = new Map<string, WellKnownName>()
  for (const g of WELL_KNOWN_TOOLS) {
    for (const t of g.tools) {
      const key = normalizeName(t)
      const e = map.get(key) ?? {name: t, owners: [], ids: []}
      e.owners.push(g.owner)
      e.ids.push(...g.ids)
      map.set(key, e)
    }
  }
  return map
})()

/** Identifier tokens of a server: from its name, serverInfo.name and launch command and arguments. */
export function serverTokens(parts: Array<string | undefined>): Set<string> {
  const tokens = new Set<string>()
  for (const p of parts) {
    if (!p) continue
    const lower = p.toLowerCase()
    tokens.add(lower)
    // Whole package names (`@modelcontextprotocol/server-filesystem`) and their pieces.
    for (const piece of lower.split(/[\s/@:=]+/)) {
      if (!piece) continue
      tokens.add(piece)
      for (const sub of piece.split(/[-_.]+/)) if (sub) tokens.add(sub)
    }
  }
  return tokens
}
