// Outbound channels in text the model reads: URLs whose query carries data placeholders, markdown or
// HTML images that would beacon data when rendered, request-capture hosts, raw IP endpoints, and
// "send the result to <address>". A documented API endpoint alone is not one.
import {OWASP} from '../../core/finding.js'
import {reportField} from '../evidence.js'
import {defineRule} from '../types.js'

export default defineRule({
  meta: {
    id: 'exfiltration-channel',
    summary: 'text sets up a channel to send data out (data-carrying urls, image beacons, raw ips, "send it to")',
    description:
      'Finds ways for data to leave through the model: URLs with placeholders for data (`https://x.test/log?data={conversation}`), markdown or HTML images whose URL carries data (rendered by the client, they send it without a click), request-capture and tunnel hosts (webhook.site, ngrok, pipedream, Burp Collaborator, interact.sh, Discord webhooks...), URLs to raw public IP addresses, instructions to send, forward, BCC or redirect results to an outside address or phone number, and code that posts data to a remote host. An image whose URL carries data is high on its own; a capture host, a placeholder URL, a raw IP, a changed recipient or an upload is medium unless the text also asks for secrets, files or the conversation, or hides what it does.',
    category: 'poisoning',
    severity: 'high',
    confidence: 'medium',
    owasp: [OWASP.MCP03, OWASP.MCP10],
    cwe: [200, 1427],
    remediation:
      'Remove the URL or instruction. A tool that calls an API does so in its own code; its description has no reason to ask the model to build URLs out of conversation data, render tracking images or send results to an address. In clients, disable automatic image rendering for tool output.',
  },
  text(field, ctx) {
    reportField(field, ctx, {primary: ['sink'], says: (top) => `contains ${top.label}`})
  },
})
