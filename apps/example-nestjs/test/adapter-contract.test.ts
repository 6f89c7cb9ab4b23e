import { describeAdapterContract } from '@rw/oauth-testing/contract'
import { listenExample } from './support/listen-example'

describeAdapterContract('example-nestjs', ({ rwOptions }) => listenExample(rwOptions))
