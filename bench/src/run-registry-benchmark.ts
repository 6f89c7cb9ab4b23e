import { measureRegistry, printRegistryResult } from './registry-listing'

// `pnpm --filter @rw/bench bench:registry`: the registry section of `pnpm bench` on its own.
printRegistryResult(await measureRegistry())
