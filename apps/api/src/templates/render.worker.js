// Renders prompts off the main thread so that a runaway template can be stopped by terminating
// this worker, without ever blocking the API's event loop. Plain JavaScript on purpose: it runs
// as-is from src (tests) and dist (production) and loads the built library.
'use strict';
const { parentPort } = require('node:worker_threads');
const { compileTemplate, renderPrompt } = require('@promptops/templating');

const CACHE_SIZE = 500;
const compiled = new Map();

function compile(template) {
  let entry = compiled.get(template);
  if (!entry) {
    entry = compileTemplate(template);
    if (compiled.size >= CACHE_SIZE) compiled.delete(compiled.keys().next().value);
    compiled.set(template, entry);
  }
  return entry;
}

// Warm the engine once, then say so: the pool starts a job's clock only on a ready worker.
renderPrompt({ template: '{% for x in xs %}{{ x|upper }}{% endfor %}' }, { xs: ['a'] }, { compile });
parentPort.postMessage({ ready: true });

parentPort.on('message', ({ id, prompt, variables, options }) => {
  try {
    parentPort.postMessage({ id, ok: true, result: renderPrompt(prompt, variables, { ...options, compile }) });
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    parentPort.postMessage({
      id,
      ok: false,
      error: {
        name: e.name,
        code: e.code,
        message: e.message,
        reason: e.reason,
        line: e.line,
        column: e.column,
        lineText: e.lineText,
        variable: e.variable,
        messageIndex: e.messageIndex,
      },
    });
  }
});
