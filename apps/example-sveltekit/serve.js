// `pnpm start`: the adapter-node server on PORT 3002 by default (the callback URL the embedded mock registers).
process.env.PORT ||= '3002'
process.env.HOST ||= '127.0.0.1'
await import('./build/index.js')
