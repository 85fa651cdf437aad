// Lessons: one Markdown file per lesson with a YAML front matter that lays out its steps — the
// lab's setup (scenario, parameters, cursor), a task, a question (multiple choice, a number read
// from the run, or "predict the next message"), an explanation quoting the draft — and the checks
// a learner's own run must pass. DOM-free: the page's lesson panel, `npm run lessons:check` and
// the tests all use these functions. Format: lessons/README.md.
//
// Lessons name scenarios, nodes and messages by the names core/ gives them and this module
// validates those names, so a rename in core/ breaks a test instead of silently breaking a lesson.
// Every error names the line of the lesson file and the field (the `yaml` package's positions).
//
// The module is three files under core/lessons/: types.ts (the format), parse.ts (a file's text to
// a Lesson, with line-and-field errors; the draft's sections and quotes) and judge.ts (a learner's
// run against its checks and questions). Import from here.
export * from './lessons/types.ts';
export * from './lessons/parse.ts';
export * from './lessons/judge.ts';
