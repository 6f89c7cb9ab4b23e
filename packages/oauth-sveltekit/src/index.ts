export * from './create-radio-workflow-handle'
export type {
  InstanceKeyResolver,
  RadioWorkflowErrorHandler,
  RadioWorkflowErrorInput,
  RadioWorkflowHandleOptions,
} from './handle-options'
export type { RadioWorkflowLocals } from './radio-workflow-locals'
