// Well-known MCP server packages and images: what typosquats imitate. Sources: the
// reference servers of github.com/modelcontextprotocol/servers (current and archived, npm scope
// @modelcontextprotocol and the `mcp-server-*` PyPI packages), the official vendor servers listed in
// the MCP registry (registry.modelcontextprotocol.io) and on the vendors' own documentation, and the
// most installed community servers. Names only: no version data, nothing fetched at run time.
// Add a package here when it is widely installed and its name is worth imitating.

import type {Ecosystem} from './packages.js'

export const KNOWN_NPM = [
  // Reference servers (modelcontextprotocol/servers), current and archived.
  '@modelcontextprotocol/server-everything',
  '@modelcontextprotocol/server-filesystem',
  '@modelcontextprotocol/server-memory',
  '@modelcontextprotocol/server-sequential-thinking',
  '@modelcontextprotocol/server-github',
  '@modelcontextprotocol/server-gitlab',
  '@modelcontextprotocol/server-slack',
  '@modelcontextprotocol/server-postgres',
  '@modelcontextprotocol/server-puppeteer',
  '@modelcontextprotocol/server-brave-search',
  '@modelcontextprotocol/server-google-maps',
  '@modelcontextprotocol/server-gdrive',
  '@modelcontextprotocol/server-redis',
  '@modelcontextprotocol/server-aws-kb-retrieval',
  '@modelcontextprotocol/server-everart',
  '@modelcontextprotocol/inspector',
  '@modelcontextprotocol/sdk',
  '@modelcontextprotocol/create-server',
  // Official vendor servers.
  '@playwright/mcp',
  '@notionhq/notion-mcp-server',
  '@stripe/mcp',
  '@sentry/mcp-server',
  '@upstash/context7-mcp',
  '@supabase/mcp-server-supabase',
  '@cloudflare/mcp-server-cloudflare',
  '@browserbasehq/mcp',
  '@browserbasehq/mcp-server-browserbase',
  '@neondatabase/mcp-server-neon',
  '@heroku/mcp-server',
  '@azure/mcp',
  '@shopify/dev-mcp',
  '@hubspot/mcp-server',
  '@twilio-alpha/mcp',
  '@elastic/mcp-server-elasticsearch',
  '@circleci/mcp-server-circleci',
  '@vercel/mcp-adapter',
  'mongodb-mcp-server',
  '@apify/actors-mcp-server',
  'chrome-devtools-mcp',
  'firecrawl-mcp',
  'tavily-mcp',
  'exa-mcp-server',
  // Widely installed community servers and bridges.
  'mcp-remote',
  'supergateway',
  'figma-developer-mcp',
  '@executeautomation/playwright-mcp-server',
  '@wonderwhy-er/desktop-commander',
  '@agentdeskai/browser-tools-mcp',
  '@benborla29/mcp-server-mysql',
  'mcp-server-kubernetes',
  '@smithery/cli',
] as const

export const KNOWN_PYPI = [
  // Reference servers published to PyPI.
  'mcp-server-fetch',
  'mcp-server-git',
  'mcp-server-time',
  'mcp-server-sqlite',
  'mcp-server-sentry',
  'mcp',
  'fastmcp',
  // Official vendor servers.
  'awslabs.aws-documentation-mcp-server',
  'awslabs.core-mcp-server',
  'mcp-server-qdrant',
  'mcp-neo4j-cypher',
  'mcp-neo4j-memory',
  'markitdown-mcp',
  'mcp-atlassian',
  'mcp-proxy',
  'mcpo',
] as const

export const KNOWN_IMAGES = [
  'ghcr.io/github/github-mcp-server',
  'mcp/github',
  'mcp/fetch',
  'mcp/filesystem',
  'mcp/git',
  'mcp/memory',
  'mcp/postgres',
  'mcp/puppeteer',
  'mcp/slack',
  'mcp/sqlite',
  'mcp/time',
  'mcp/sequentialthinking',
  'mcp/brave-search',
  'mcp/everything',
] as const

/** npm scopes owned by the organizations above: only they can publish under them. */
export const KNOWN_SCOPES = [...new Set(KNOWN_NPM.filter((n) => n.startsWith('@')).map((n) => n.slice(0, n.indexOf('/'))))]

export function knownNames(ecosystem: Ecosystem): readonly string[] {
  return ecosystem === 'npm' ? KNOWN_NPM : ecosystem === 'pypi' ? KNOWN_PYPI : KNOWN_IMAGES
}
