import type { ChapterInfo, Dashboard, ExerciseInfo, RosterRow, Workshop } from "./contract";
import type { Attempt, Member } from "./store";

export interface DashboardInputs {
  workshop: Workshop;
  chapters: ChapterInfo[];
  exercises: ExerciseInfo[];
  members: Member[];
  attempts: Attempt[];
  connected: (learnerId: string) => boolean;
  watched: (learnerId: string) => boolean;
  /** « Prendre la main »; none when not given. */
  control?: (learnerId: string) => RosterRow["control"];
  sandboxExpiresAt: (learnerId: string) => number | null;
  reservation: Dashboard["reservation"];
  claims?: Dashboard["claims"];
  now: number;
}

/** The trainer's view of a workshop, from its parts (pure: the unit tests build it from plain data). */
export function buildDashboard(input: DashboardInputs): Dashboard {
  const inWorkshop = new Set(input.exercises.map((e) => e.id));
  const byLearner = new Map<string, Attempt[]>();
  for (const a of input.attempts) {
    if (!inWorkshop.has(a.exerciseId)) continue;
    const list = byLearner.get(a.learnerId) ?? [];
    list.push(a);
    byLearner.set(a.learnerId, list);
  }
  const roster: RosterRow[] = input.members.map((m) => {
    const attempts = byLearner.get(m.learnerId) ?? [];
    return {
      learnerId: m.learnerId,
      name: m.name,
      joinedAt: m.joinedAt,
      connected: input.connected(m.learnerId),
      watched: input.watched(m.learnerId),
      control: input.control?.(m.learnerId) ?? "none",
      chapter: m.chapter,
      lastActivityAt: m.lastActivityAt,
      passed: attempts.filter((a) => a.passedAt !== null).length,
      attempted: attempts.length,
      failures: attempts.reduce((n, a) => n + a.failures, 0),
      exercises: Object.fromEntries(attempts.map((a) => [a.exerciseId, { attempts: a.attempts, failures: a.failures, passedAt: a.passedAt, firstAttemptAt: a.firstAttemptAt }])),
      sandboxExpiresAt: input.sandboxExpiresAt(m.learnerId),
      help: m.help,
    };
  });
  return { workshop: input.workshop, chapters: input.chapters, exercises: input.exercises, roster, reservation: input.reservation, claims: input.claims ?? [], at: input.now };
}

/** Per exercise: how many passed, how many are on it without success, and who is stuck longest (first try longest ago). */
export function exerciseSummary(dashboard: Pick<Dashboard, "exercises" | "roster">) {
  return dashboard.exercises.map((exercise) => {
    let passed = 0;
    const stuck: Array<{ name: string; learnerId: string; since: string; failures: number }> = [];
    for (const row of dashboard.roster) {
      const stat = row.exercises[exercise.id];
      if (!stat) continue;
      if (stat.passedAt) passed++;
      else stuck.push({ name: row.name, learnerId: row.learnerId, since: stat.firstAttemptAt, failures: stat.failures });
    }
    stuck.sort((a, b) => a.since.localeCompare(b.since));
    return { exercise, passed, trying: stuck.length, stuck };
  });
}
