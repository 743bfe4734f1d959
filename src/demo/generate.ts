/**
 * Deterministic demo data (a seeded generator, so every machine gets the same documents):
 * `products` (2,000) and `sales` (5,000), with skew, missing values and multi-valued fields.
 */

/** mulberry32: small, fast, good enough for demo data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
/** skewed pick: earlier items are much more frequent */
const pickSkewed = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(Math.pow(r(), 2) * xs.length)] as T;
const round2 = (n: number): number => Math.round(n * 100) / 100;

export const CATEGORIES = ['electronics', 'home', 'garden', 'toys', 'books', 'sports', 'beauty', 'automotive'];
export const MANUFACTURERS = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark', 'Wayne', 'Tyrell', 'Cyberdyne', 'Soylent'];
const TAGS = ['new', 'sale', 'eco', 'bestseller', 'limited', 'refurbished'];
const ADJ = ['Awesome', 'Rustic', 'Sleek', 'Ergonomic', 'Gorgeous', 'Practical', 'Small', 'Durable'];
const NOUN = ['Chair', 'Lamp', 'Phone', 'Kettle', 'Ball', 'Novel', 'Drill', 'Brush', 'Tent', 'Speaker'];
const COUNTRIES = ['France', 'Germany', 'USA', 'Japan', 'Brazil', 'Kenya', 'India', 'Spain'];
const STORES = ['Celio', 'Naf-Naf', 'Nike', 'Reebok', 'Zara', 'Muji', 'Uniqlo', 'Decathlon', 'Ikea', 'Fnac', 'Lidl', 'Aldi'];

export interface Product {
  id: string;
  name: string;
  category: string;
  manufacturer: string;
  price: number;
  retail_price: number;
  rating?: number;
  stock: number;
  in_stock: boolean;
  tags: string[];
  created_at: string;
  _cluster_: { product_vector: { default: string } };
}

export interface Sale {
  store_name: string;
  store_country: string;
  sales_date: string;
  sales_count: number;
  sales_amount: number;
}

export function products(n = 2000, seed = 42): Product[] {
  const r = rng(seed);
  const start = Date.UTC(2023, 0, 1);
  return Array.from({ length: n }, (_, i) => {
    const category = pickSkewed(r, CATEGORIES);
    const price = round2(5 + Math.pow(r(), 3) * 995);
    const stock = Math.floor(r() * 50);
    const p: Product = {
      id: `p${String(i).padStart(5, '0')}`,
      name: `${pick(r, ADJ)} ${pick(r, NOUN)}`,
      category,
      manufacturer: pickSkewed(r, MANUFACTURERS),
      price,
      retail_price: round2(price * (1.1 + r() * 0.5)),
      stock,
      in_stock: stock > 0,
      tags: TAGS.filter(() => r() < 0.25),
      created_at: new Date(start + Math.floor(r() * 730) * 86_400_000 + Math.floor(r() * 86_400_000)).toISOString(),
      _cluster_: { product_vector: { default: `cluster-${CATEGORIES.indexOf(category) % 4}` } },
    };
    if (r() > 0.1) p.rating = Math.round((1 + r() * 4) * 10) / 10;
    return p;
  });
}

export function sales(n = 5000, seed = 7): Sale[] {
  const r = rng(seed);
  const start = Date.UTC(2023, 0, 1);
  return Array.from({ length: n }, () => {
    const count = 1 + Math.floor(r() * 40);
    return {
      store_name: pickSkewed(r, STORES),
      store_country: pickSkewed(r, COUNTRIES),
      sales_date: new Date(start + Math.floor(r() * 730) * 86_400_000).toISOString().slice(0, 10),
      sales_count: count,
      sales_amount: round2(count * (5 + r() * 95)),
    };
  });
}

export const productMapping = {
  properties: {
    id: { type: 'keyword' },
    name: { type: 'text', fields: { keyword: { type: 'keyword' } } },
    category: { type: 'keyword' },
    manufacturer: { type: 'keyword' },
    price: { type: 'double' },
    retail_price: { type: 'double' },
    rating: { type: 'float' },
    stock: { type: 'integer' },
    in_stock: { type: 'boolean' },
    tags: { type: 'keyword' },
    created_at: { type: 'date' },
    _cluster_: { properties: { product_vector: { properties: { default: { type: 'keyword' } } } } },
  },
};

export const saleMapping = {
  properties: {
    store_name: { type: 'keyword' },
    store_country: { type: 'keyword' },
    sales_date: { type: 'date' },
    sales_count: { type: 'integer' },
    sales_amount: { type: 'double' },
  },
};
