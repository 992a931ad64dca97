// Types for inputs.mjs.
import type {Pattern} from './inventory.mjs'

export const SIZE: number
export function fill(unit: string, size?: number): string
export function genericInputs(size?: number): Record<string, string>
export function deepSchema(depth?: number, size?: number): {schema: Record<string, unknown>; json: string}
export function attackInputs(patterns: Pattern[], options?: {size?: number; budgetMs?: number}): Promise<Array<{name: string; text: string}>>
