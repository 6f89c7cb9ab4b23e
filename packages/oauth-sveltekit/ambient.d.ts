// Opt-in typing of `event.locals.rw`: reference it from src/app.d.ts with
// /// <reference types="@rw/oauth-sveltekit/ambient" />
import type { RadioWorkflowLocals } from '@rw/oauth-sveltekit'

declare global {
  namespace App {
    interface Locals {
      rw: RadioWorkflowLocals
    }
  }
}
