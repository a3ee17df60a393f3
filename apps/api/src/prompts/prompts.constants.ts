/** 256 KiB of template text is far beyond any real prompt and keeps rows and caches small. */
export const MAX_TEMPLATE_LENGTH = 256 * 1024;
