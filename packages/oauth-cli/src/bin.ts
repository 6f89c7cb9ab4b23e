#!/usr/bin/env node
import { createNodeIo } from './node-io'
import { runCli } from './run-cli'

void runCli(process.argv.slice(2), createNodeIo()).then((code) => {
  process.exitCode = code
})
