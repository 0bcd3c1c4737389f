/**
 * The generated catalog's vocabulary. Each leaf category is one line: slug, parent, product nouns,
 * variant axes, product attributes (`name=v1,v2;name=...`, `*` = the common colours) and its price
 * range in dollars.
 */

const COLOURS = 'black,white,blue,red,green,grey,navy,olive';
const SIZES = 'XS,S,M,L,XL,XXL';

export interface Leaf {
  slug: string;
  name: string;
  parent: string;
  nouns: string[];
  /** Variant axes; a product's variants are distinct combinations of their values. */
  axes: Record<string, string[]>;
  /** Product-level attributes, one value picked per product. */
  attrs: Record<string, string[]>;
  /** Base price range in cents. */
  price: [number, number];
}

const pairs = (spec: string): Record<string, string[]> =>
  Object.fromEntries(
    spec
      .split(';')
      .filter(Boolean)
      .map((p) => p.split('='))
      .map(([k, v]) => [k, (v === '*' ? COLOURS : v === 'SIZES' ? SIZES : v).split(',')]),
  );

function leaf(slug: string, parent: string, nouns: string, axes: string, attrs: string, from: number, to: number): Leaf {
  const name = slug[0].toUpperCase() + slug.slice(1);
  return { slug, name, parent, nouns: nouns.split('|'), axes: pairs(axes), attrs: pairs(attrs), price: [from * 100, to * 100] };
}

// prettier-ignore
export const LEAVES: Leaf[] = [
  leaf('phones', 'electronics', 'Phone|Smartphone', 'storage=64GB,128GB,256GB,512GB;colour=*', 'screen=6.1in,6.4in,6.7in', 199, 1199),
  leaf('laptops', 'electronics', 'Laptop|Notebook|Ultrabook', 'memory=8GB,16GB,32GB;storage=256GB,512GB,1TB', 'screen=13in,14in,16in', 499, 2499),
  leaf('audio', 'electronics', 'Headphones|Earbuds|Speaker|Soundbar', 'colour=*', 'connection=bluetooth,wired,wifi', 29, 399),
  leaf('cameras', 'electronics', 'Camera|Action Camera|Lens', 'kit=body,kit,pro kit;colour=black,silver,white', 'sensor=APS-C,full frame,1in', 199, 2999),
  leaf('wearables', 'electronics', 'Smartwatch|Fitness Tracker', 'size=40mm,44mm,46mm;colour=*', 'battery=2 days,7 days,14 days', 49, 699),
  leaf('kitchen', 'home', 'Kettle|Toaster|Blender|Coffee Grinder|Frying Pan|Knife Set|Teapot', 'colour=*;capacity=0.8L,1L,1.5L,1.7L',
    'material=stainless steel,cast iron,ceramic,glass', 19, 249),
  leaf('furniture', 'home', 'Chair|Desk|Bookshelf|Sofa|Side Table', 'finish=oak,walnut,white,black;size=small,medium,large', 'material=solid wood,veneer,steel', 49, 1499),
  leaf('lighting', 'home', 'Desk Lamp|Floor Lamp|Pendant Light|LED Strip', 'colour=black,white,brass;bulb=warm,cool,tunable', 'power=5W,9W,12W', 19, 299),
  leaf('bedding', 'home', 'Duvet Cover|Pillow|Sheet Set|Blanket', 'size=single,double,queen,king;colour=*', 'material=organic cotton,linen,bamboo', 29, 199),
  leaf('shirts', 'apparel', 'Tee|Oxford Shirt|Polo|Henley', 'size=SIZES;colour=*', 'material=organic cotton,linen,merino;fit=regular,slim,relaxed', 15, 89),
  leaf('trousers', 'apparel', 'Chinos|Jeans|Joggers|Shorts', 'size=28,30,32,34,36;colour=navy,black,olive,stone', 'fit=regular,slim,tapered', 29, 129),
  leaf('jackets', 'apparel', 'Rain Jacket|Parka|Fleece|Down Jacket', 'size=SIZES;colour=black,navy,red,olive', 'waterproof=yes,no', 49, 399),
  leaf('shoes', 'apparel', 'Sneakers|Boots|Loafers|Sandals', 'size=39,40,41,42,43,44,45;colour=black,white,brown', 'material=leather,canvas,suede', 39, 249),
  leaf('cycling', 'sports', 'Helmet|Bike Light|Saddle|Bottle Cage|Jersey', 'size=S,M,L;colour=*', 'use=road,gravel,commute', 15, 299),
  leaf('running', 'sports', 'Running Shoes|Running Vest|Hydration Pack', 'size=S,M,L,XL;colour=*', 'terrain=road,trail', 29, 199),
  leaf('camping', 'sports', 'Tent|Sleeping Bag|Camping Stove|Headlamp|Backpack', 'capacity=1 person,2 person,4 person;colour=orange,green,grey',
    'season=3-season,4-season', 29, 599),
  leaf('skincare', 'beauty', 'Moisturiser|Cleanser|Serum|Sunscreen', 'volume=30ml,50ml,100ml;scent=unscented,citrus,lavender', 'skin=dry,oily,all', 9, 69),
  leaf('toys', 'kids', 'Puzzle|Building Set|Plush Bear|Wooden Train', 'age=3+,6+,8+;colour=red,blue,green', 'material=wood,plastic,cotton', 9, 129),
];

// prettier-ignore
export const BRANDS = [
  'Aurora', 'Nimbus', 'Brewmaster', 'Trailhead', 'Lumen', 'Northwind', 'Kestrel', 'Solace', 'Vantage', 'Halcyon',
  'Evergreen', 'Ironbark', 'Meridian', 'Pioneer', 'Quartz', 'Riverstone', 'Summit', 'Tidewater', 'Umbra', 'Wildfern',
  'Arcadia', 'Bramble', 'Cobalt', 'Driftwood', 'Ember', 'Fjord', 'Granite', 'Harbor', 'Juniper', 'Kinfolk',
];
// prettier-ignore
export const ADJECTIVES = ['Classic', 'Pro', 'Compact', 'Ultra', 'Essential', 'Studio', 'Travel', 'Everyday', 'Premium', 'Lite', 'Max', 'Urban', 'Nordic', 'Heritage'];
// prettier-ignore
export const FEATURES = [
  'built to last', 'with a two-year warranty', 'easy to clean', 'designed for everyday use', 'lightweight and durable',
  'with recycled packaging', 'quiet and efficient', 'made with care', 'a customer favourite', 'great for gifting',
];
/** The top-level categories the leaves hang from. */
export const ROOTS = ['electronics', 'home', 'apparel', 'sports', 'beauty', 'kids'];
