export * from './create-radio-workflow-handle'
export type { InstanceKeyResolver, RadioWorkflowHandleOptions } from './handle-options'
export type { RadioWorkflowLocals } from './radio-workflow-locals'
