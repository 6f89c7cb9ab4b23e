import { Module } from '@nestjs/common'
import { ConfigurableRadioWorkflowModule } from './radio-workflow.module-definition'

/**
 * Connects Radio Workflow instances from a Nest app: the client as `RadioWorkflowService`, the
 * login and callback routes under `auth/rw`, `@RadioWorkflowInstance()` and an SDK error filter.
 *
 * @example
 * @Module({
 *   imports: [RadioWorkflowModule.forRoot({ partnerKey, partnerSecret, redirectUri, endpoints: { token, refresh, api } })],
 * })
 * export class AppModule {}
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1
 */
@Module({})
export class RadioWorkflowModule extends ConfigurableRadioWorkflowModule {}
