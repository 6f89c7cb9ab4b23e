export * from './radio-workflow-types'
