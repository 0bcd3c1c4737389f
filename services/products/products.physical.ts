/** What shipping reads of a variant: weight and size per unit (variants are JSON: no column needed). */
export interface Physical {
  /** Grams per unit; absent: unweighed (shipping quotes count it as 0 and say so). */
  weightG?: number;
  /** Parcel dimensions per unit in millimetres. */
  dimensionsMm?: DimensionsMm;
}

export interface DimensionsMm {
  l: number;
  w: number;
  h: number;
}
