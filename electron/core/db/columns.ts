import { Field, Int32, Utf8 } from 'apache-arrow';

/** Arrow column helpers shared by the table schemas. */
export const str = (name: string, nullable = false) => new Field(name, new Utf8(), nullable);
export const int = (name: string) => new Field(name, new Int32(), false);
