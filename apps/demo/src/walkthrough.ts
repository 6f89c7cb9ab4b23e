// `pnpm --filter @rw/demo walkthrough`: the whole flow in a terminal against the embedded mock, no browser.
import { runWalkthrough } from './walkthrough-steps'

await runWalkthrough((title, detail) => {
  console.log(`\n== ${title}`)
  console.log(typeof detail === 'string' ? detail : JSON.stringify(detail))
})
