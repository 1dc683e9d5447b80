#!/usr/bin/env node
// Executable shim: loads the built CLI (npm install builds it through the "prepare" script).
import { main } from '../dist/src/cli.js'

await main(process.argv)
