// `@rw/oauth-testing/environment`: what the runnable apps read at start-up. Nothing here loads the mock
// unless no RW_* variable is set, so an app talking to the real Radio Workflow runs no test tooling.
export * from '../example-environment'
export { MOCK_DEFAULT_INSTANCES } from '../mock-defaults'
