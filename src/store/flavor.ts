/** Which database engine a connection talks to; migrations and a few queries differ. */
export type Flavor = 'sqlite' | 'postgres';
