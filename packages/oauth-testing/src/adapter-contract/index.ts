export * from './adapter-fixture'
export * from './describe-adapter-contract'
export * from './serve-on-loopback'
export * from './set-cookie'
