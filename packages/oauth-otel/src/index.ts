export * from './create-open-telemetry-instrumentation'
export * from './refresh-outcome'
export * from './telemetry-names'
