/** The part of @doyensec/electronegativity's programmatic API we use (it ships no types). */
declare module '@doyensec/electronegativity' {
  export interface ElectronegativityIssue {
    file: string;
    id: string;
    description: string;
    sample?: string;
    location: { line: number; column: number };
    severity: { name: string };
    confidence: { name: string };
    manualReview: boolean;
  }
  export interface ElectronegativityOptions {
    input: string;
    excludeFromScan?: string[];
    electronVersionOverride?: string;
    isRelative?: boolean;
    output?: string;
  }
  export default function run(options: ElectronegativityOptions): Promise<{
    globalChecks: number;
    atomicChecks: number;
    /** Files that could not be parsed. */
    errors: Array<{ file: string; message: string; tolerable: boolean }>;
    /** The findings. */
    issues: ElectronegativityIssue[];
  }>;
}
