import { Module } from '@nestjs/common'
import { describeAdapterContract } from '@rw/oauth-testing/contract'
import { RadioWorkflowModule } from '../src/index'
import { createTestAppModule, startNestApp } from './support/start-nest-app'

const CONTRACT_OPTIONS = Symbol('CONTRACT_OPTIONS')

describeAdapterContract('nestjs forRoot', ({ rwOptions }) =>
  startNestApp(createTestAppModule(RadioWorkflowModule.forRoot(rwOptions))),
)

describeAdapterContract('nestjs forRootAsync', ({ rwOptions }) => {
  @Module({ providers: [{ provide: CONTRACT_OPTIONS, useValue: rwOptions }], exports: [CONTRACT_OPTIONS] })
  class ContractConfigModule {}
  const radioWorkflowModule = RadioWorkflowModule.forRootAsync({
    imports: [ContractConfigModule],
    useFactory: (options: typeof rwOptions) => options,
    inject: [CONTRACT_OPTIONS],
  })
  return startNestApp(createTestAppModule(radioWorkflowModule))
})
