/// <reference types="@rw/oauth-sveltekit/ambient" />
// `event.locals.rw` is typed by the line above (RadioWorkflowLocals).
export {}
