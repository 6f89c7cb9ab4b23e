import type { RadioWorkflowLocals } from '@rw/oauth-sveltekit'

declare global {
  namespace App {
    interface Locals {
      rw: RadioWorkflowLocals
    }
  }
}
