/** Anchors of blocks that are not headings, so links and search can point at them. */
export const exerciseAnchor = (id: string) => `exercice-${id}`;
export const quizAnchor = (id: string) => `quiz-${id}`;
