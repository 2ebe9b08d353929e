/** The one directory instance every room reports to (`idFromName`). */
export const DIRECTORY_NAME = "directory";
