import { createRadioWorkflowHandle } from '@rw/oauth-sveltekit'
import { sequence } from '@sveltejs/kit/hooks'
import { rw } from '#lib/server/radio-workflow.ts'

// GET /auth/rw/login?instance=<key>&returnTo=<path> and GET /auth/rw/callback, plus locals.rw everywhere.
// Add your own handles (sessions, logging, ...) after it.
export const handle = sequence(createRadioWorkflowHandle({ rw }))
