export class VariantEstimateDto {
  index!: number;

  label!: string;

  prompt!: string;

  version!: number;

  provider!: string;

  model!: string;

  /** Prompt tokens over every item and repetition, counted with the tokenizer. */
  promptTokens!: number;

  /** Expected completion tokens: the length of `expected` where items have one, else max tokens or 256. */
  completionTokens!: number;

  /** Null when the model's price is unknown. */
  costUsd!: number | null;

  /** Prompt tokens plus max tokens for every call: the most it can cost (null without a price or max tokens). */
  maxCostUsd!: number | null;
}

export class MissingVariableDto {
  /** Index of the variant whose version declares the variable. */
  variant!: number;

  /** @example tone */
  variable!: string;

  /** How many items of the dataset version lack it. */
  itemsMissing!: number;
}

/** What an experiment would do and cost, computed before it starts. */
export class ExperimentEstimateResponseDto {
  dataset!: string;

  datasetVersion!: number;

  items!: number;

  /** Items × variants × repetitions. */
  totalResults!: number;

  variants!: VariantEstimateDto[];

  /** Model calls only; LLM-judge scorers add their own calls (one per result and judge). */
  costUsd!: number | null;

  maxCostUsd!: number | null;

  /** Required variables some items lack: the experiment cannot start until none are left. */
  missingVariables!: MissingVariableDto[];

  /** Judge calls the scorers will make. */
  judgeCalls!: number;
}
