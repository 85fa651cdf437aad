// The numbers of the exercise open in the lessons panel, in words (null: none open). The page's
// "what if" banner (app/controls/Departure.svelte) reads it: while an exercise sets the student's
// own numbers, its "Back to the scenario as written" would throw them away (and the teacher's
// re-check would then flag the run), so the banner says they are the exercise's instead.
export const exerciseLock = $state<{ numbers: string | null }>({ numbers: null });
