export * from './adapter-fixture'
export * from './describe-adapter-contract'
export * from './set-cookie'
