// A tiny MCP server over stdio (newline-delimited JSON-RPC 2.0) for CapabilitiesTest, passed to `node -e` in the
// server's definition: one tool, "echo", that answers its text argument and the SHA-256 of ECHO_TOKEN (the secret
// its definition substitutes), so the test can tell the substituted value from the literal placeholder.
'use strict';
const readline = require('readline');

const send = (message) => process.stdout.write(JSON.stringify(message) + '\n');
const lines = readline.createInterface({ input: process.stdin });

lines.on('line', (line) => {
  let request;
  try {
    request = JSON.parse(line);
  } catch (e) {
    return;
  }
  if (request.id === undefined) {
    return; // a notification (notifications/initialized)
  }
  switch (request.method) {
    case 'initialize':
      send({ jsonrpc: '2.0', id: request.id, result: {
        protocolVersion: (request.params && request.params.protocolVersion) || '2025-06-18',
        capabilities: { tools: {} },
        serverInfo: { name: 'echo', version: '1.0.0' } } });
      break;
    case 'tools/list':
      send({ jsonrpc: '2.0', id: request.id, result: { tools: [{
        name: 'echo',
        description: 'Echoes its text',
        inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] } }] } });
      break;
    case 'tools/call':
      send({ jsonrpc: '2.0', id: request.id, result: { content: [{ type: 'text',
        text: String(request.params.arguments.text) + ' token-sha256='
          + require('crypto').createHash('sha256').update(process.env.ECHO_TOKEN || '').digest('hex') }] } });
      break;
    default:
      send({ jsonrpc: '2.0', id: request.id, error: { code: -32601, message: 'Method not found' } });
  }
});
