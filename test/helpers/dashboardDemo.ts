// A small demo repository for the dashboard and HTML report tests: every figure can be worked by hand.
import { TempRepo } from './tempRepo';

export const XSS = '<img src=x onerror=alert(1)>';

export const DEMO_GOALS = `version: 1
goals:
  - id: checkout
    title: Lift checkout conversion
    status: active
    owner: Dana Ruiz
    advisor: Lee Park
    due: 2026-12-31
    outcome:
      metric: Checkout conversion rate
      unit: "%"
      baseline: 3.0
      target: 4.0
      measurements:
        - { date: 2026-10-01, value: 3.2 }
        - { date: 2026-11-01, value: 3.5 }
        - { date: 2026-09-01, value: 3.1 }
    commitments:
      - { what: One-click retry, due: 2026-09-10, done: 2026-09-08 }
      - { what: Saved cards first, due: 2026-09-20, done: 2026-09-25 }
      - { what: Wallet payments, due: 2026-10-01 }
      - { what: Address autocomplete, due: 2026-12-01 }
  - id: search
    title: Faster search
    status: active
    owner: Sam Okafor
  - id: legacy
    title: "Retire legacy ${XSS}"
    status: active
    owner: Ops
    advisor: Kim
    due: 2026-10-31
  - id: done-goal
    title: Old achieved goal
    status: achieved
`;

/** Builds the demo history (dates chosen so every figure can be worked by hand). */
export function demoRepo(): TempRepo {
  const repo = TempRepo.create();
  repo.commit('Add goals\n\nGoal: checkout', { files: { 'goals.yaml': DEMO_GOALS }, date: '2026-09-01T12:00:00Z' }); // c1 checkout
  repo.commit('Retry card payments\n\nGoal: checkout', { date: '2026-09-02T12:00:00Z' }); // c2 checkout
  repo.commit('Share the result cache\n\nGoal: search, checkout', { date: '2026-09-09T12:00:00Z', author: 'Ana Lima <ana@example.com>' }); // c3 both
  repo.commit('Tidy the build script', { date: '2026-09-10T12:00:00Z' }); // c4 untagged
  repo.commit('Saved cards first\n\nGoal: checkout', { date: '2026-10-20T12:00:00Z' }); // c5 checkout
  repo.commit(`Fix ${XSS} in the footer`, { date: '2026-10-21T12:00:00Z' }); // c6 untagged
  repo.commit('Bump dependencies', { date: '2026-11-10T12:00:00Z' }); // c7 untagged
  return repo;
}

export const DEMO_NOW = new Date('2026-11-15T12:00:00Z');
