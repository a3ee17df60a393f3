interface LogoProps {
  size?: number;
}

/** The PromptOps mark: a prompt caret in a rounded square. */
export function Logo({ size = 28 }: LogoProps) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true">
      <rect width="32" height="32" rx="8" fill="#4f46e5" />
      <path
        d="M9 11l6 5-6 5"
        fill="none"
        stroke="#fff"
        strokeWidth="2.6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
      <path d="M17 21h7" stroke="#a5b4fc" strokeWidth="2.6" strokeLinecap="round" />
    </svg>
  );
}
