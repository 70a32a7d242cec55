declare const __ATTNKIT_COMMIT__: string;
