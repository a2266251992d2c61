/**
 * Schema of the regulation data in kb/. Every legal fact is an entry with its sources, the period in which
 * it is effective and how sure we are of it. Objects are strict: an unknown key is an error, so a typo in the
 * data cannot silently drop a fact.
 */
import { z } from 'zod';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    {
      message: 'not a real calendar date',
    },
  );

const id = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9-]*$/, 'ids are letters, digits and hyphens');

export const text = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
export type Text = z.infer<typeof text>;

export const confidence = z.enum(['high', 'medium', 'low']);
export type Confidence = z.infer<typeof confidence>;

export const effective = z
  .strictObject({ from: isoDate, to: isoDate.optional() })
  .refine((e) => !e.to || e.to >= e.from, {
    message: 'effective.to is before effective.from',
    path: ['to'],
  });
export type Effective = z.infer<typeof effective>;

export const sourceRef = z.strictObject({
  ref: id,
  /** article, clause or section, e.g. "Art. 6(4)" */
  article: z.string().min(1).optional(),
});
export type SourceRef = z.infer<typeof sourceRef>;

/** Fields every fact carries. */
const cited = {
  sources: z.array(sourceRef).min(1, 'every entry needs at least one source'),
  effective,
  confidence,
  /** who says what where sources disagree, or why the fact is uncertain */
  note: text.optional(),
};

export const source = z.strictObject({
  id,
  title: z.string().min(1),
  url: z.url().optional(),
  /** instrument number, e.g. "MIIT Order No. 42" */
  instrument: z.string().min(1).optional(),
  issuer: z.string().min(1).optional(),
  kind: z.enum([
    'law',
    'administrative-regulation',
    'departmental-rule',
    'normative-document',
    'official-page',
    'law-firm',
    'news',
    'agency',
    'secondary',
    'platform-doc',
    /** icpdesk's own default where no source states a value (always low confidence, said so in the output) */
    'project-policy',
  ]),
  /** A official, B law firm or legal publisher, C news or aggregator, D licence agency, E third-party code */
  grade: z.enum(['A', 'B', 'C', 'D', 'E']),
  published: isoDate.optional(),
  /** where the text was read when the official URL was not available */
  mirror: z.url().optional(),
  note: z.string().optional(),
});
export type Source = z.infer<typeof source>;

export const licenceCode = z.enum([
  'B11',
  'B12',
  'B13',
  'B14',
  'B21',
  'B22',
  'B23',
  'B24-1',
  'B24-2',
  'B25',
  'B26-1',
]);
export type LicenceCode = z.infer<typeof licenceCode>;
export const b25Scope = z.enum(['internet', 'non-internet']);
export type B25Scope = z.infer<typeof b25Scope>;

export const channel = z.enum(['website', 'app', 'mini-program']);
export type Channel = z.infer<typeof channel>;
export const serverLocation = z.enum(['mainland', 'hong-kong-macau-taiwan', 'overseas']);
export type ServerLocation = z.infer<typeof serverLocation>;
/** where the users are; unlike coverage, it never decides the licence's authority or capital */
export const userReach = z.enum(['one-province', 'several-provinces', 'nationwide', 'worldwide']);
export type UserReach = z.infer<typeof userReach>;
export const pilotArea = z.enum(['beijing', 'shanghai', 'hainan', 'shenzhen']);
export type PilotArea = z.infer<typeof pilotArea>;
export const entityType = z.enum(['company', 'individual']);

export const permitId = z.enum([
  'internet-culture',
  'audiovisual-programmes',
  'online-publishing',
  'game-publication',
  'news-information',
  'drug-information',
  'medical-institution',
  'human-resources',
  'payment-licence',
  'internet-map',
  'travel-agency',
  'ride-hailing',
]);
export type PermitId = z.infer<typeof permitId>;
export const filingKind = z.enum(['icp-filing', 'app-filing', 'public-security-filing']);
export type FilingKind = z.infer<typeof filingKind>;

/** A condition on the profile. Keys inside one object are all required (AND). */
export type Condition = {
  all?: Condition[];
  any?: Condition[];
  not?: Condition;
  activity?: string[];
  channel?: Channel[];
  channelsOnly?: Channel[];
  entityType?: 'company' | 'individual';
  serverLocation?: ServerLocation[];
  userReach?: UserReach[];
  coverage?: 'single-province' | 'multi-province';
  foreignInvested?: boolean;
  pilotArea?: PilotArea[];
  answer?: { question: string; is: boolean };
  licence?: LicenceCode[];
  permit?: PermitId[];
};
export const condition: z.ZodType<Condition> = z.lazy(() =>
  z
    .strictObject({
      all: z.array(condition).min(1).optional(),
      any: z.array(condition).min(1).optional(),
      not: condition.optional(),
      activity: z.array(id).min(1).optional(),
      channel: z.array(channel).min(1).optional(),
      channelsOnly: z.array(channel).min(1).optional(),
      entityType: entityType.optional(),
      serverLocation: z.array(serverLocation).min(1).optional(),
      userReach: z.array(userReach).min(1).optional(),
      coverage: z.enum(['single-province', 'multi-province']).optional(),
      foreignInvested: z.boolean().optional(),
      pilotArea: z.array(pilotArea).min(1).optional(),
      answer: z.strictObject({ question: id, is: z.boolean() }).optional(),
      licence: z.array(licenceCode).min(1).optional(),
      permit: z.array(permitId).min(1).optional(),
    })
    .refine((c) => Object.keys(c).length > 0, {
      message: 'an empty condition is always true: leave "when" out instead',
    }),
);

// ---------------------------------------------------------------- meta

export const meta = z.strictObject({
  version: z.string().regex(/^\d{4}\.\d{2}\.\d{2}$/, 'version is YYYY.MM.DD, the date of the last review'),
  title: text,
  reviewed: isoDate,
  disclaimer: text,
});

// ---------------------------------------------------------------- catalogue

export const category = z.strictObject({
  id: licenceCode,
  class: z.enum(['B1', 'B2']),
  name: text,
  nicknames: z.array(z.string().min(1)),
  definition: text,
  subtypes: z.array(z.strictObject({ id, name: text, examples: text.optional() })).optional(),
  scopes: z
    .array(z.strictObject({ id: b25Scope, name: text, nicknames: z.array(z.string()), definition: text }))
    .optional(),
  ...cited,
});
export type Category = z.infer<typeof category>;

export const basicService = z.strictObject({
  id,
  code: z.string().min(1),
  name: text,
  definition: text,
  ...cited,
});

export const catalogueFile = z.strictObject({
  edition: z.strictObject({ name: text, ...cited }),
  categories: z.array(category),
  basicServices: z.array(basicService),
});

// ---------------------------------------------------------------- authorities

export const authority = z.strictObject({
  id: z.string().regex(/^(MIIT|CN-[A-Z]{2})$/, 'MIIT or an ISO 3166-2:CN code such as CN-GD'),
  kind: z.enum(['ministry', 'provincial-ca']),
  name: text,
  region: text.optional(),
  /** licence-number prefix, e.g. 粤 in 粤B2-20090059; absent for MIIT */
  licencePrefix: z.string().optional(),
  licencePrefixVerified: z.boolean().optional(),
  /** characters seen in ICP filing numbers, e.g. 蜀 and 川 for Sichuan */
  filingPrefixes: z.array(z.string().min(1)).optional(),
  ...cited,
});
export type Authority = z.infer<typeof authority>;
export const authoritiesFile = z.strictObject({ authorities: z.array(authority) });

// ---------------------------------------------------------------- parameters

export const unit = z.enum([
  'cny',
  'percent',
  'years',
  'calendar-days',
  'working-days',
  'date-window',
  'pattern',
  'count',
  'bytes',
]);
export type Unit = z.infer<typeof unit>;

export const procedure = z.enum([
  'new',
  'change',
  'renewal',
  'cancellation',
  'annual-report',
  /** an application for telecom network numbers (码号资源), e.g. a 95/96 or 106 code */
  'number-application',
]);

export const parameterVersion = z.strictObject({
  value: z.union([
    z.number(),
    z.string().min(1),
    z.strictObject({ from: z.string().regex(/^\d{2}-\d{2}$/), to: z.string().regex(/^\d{2}-\d{2}$/) }),
  ]),
  unit,
  /** where the unit itself is disputed (calendar vs working days) */
  unitAlternatives: z.array(unit).optional(),
  ...cited,
});
export type ParameterVersion = z.infer<typeof parameterVersion>;

export const parameter = z.strictObject({
  id,
  name: text,
  group: z.enum(['eligibility', 'procedure', 'validity', 'post-licence', 'filing', 'penalty', 'format']),
  /**
   * for a time limit on the authority's decision: the application procedures it governs (at most one
   * parameter per procedure; the application clocks read it)
   */
  decisionFor: z.array(procedure).min(1).optional(),
  versions: z.array(parameterVersion).min(1),
});
export type Parameter = z.infer<typeof parameter>;
export const parametersFile = z.strictObject({ parameters: z.array(parameter) });

// ---------------------------------------------------------------- conditions (eligibility)

export const foreignCap = z.strictObject({
  id,
  name: text,
  categories: z.array(licenceCode).min(1),
  /** only for licences concluded with one of these subtypes (e.g. ecommerce) */
  subtypes: z.array(id).optional(),
  /** only for applicants in one of these 2024 pilot areas */
  pilotAreas: z.array(pilotArea).optional(),
  /** only for profiles where this holds (e.g. registered in a free-trade zone) */
  when: condition.optional(),
  /** the cap does not apply when this holds (e.g. the business also needs a permit the opening excludes) */
  exceptWhen: condition.optional(),
  /** maximum foreign share in percent; 100 means no cap, 0 means closed to foreign investment */
  capPercent: z.number().min(0).max(100),
  ...cited,
});
export type ForeignCap = z.infer<typeof foreignCap>;

/**
 * A business closed to foreign investment (a negative-list item or a sector rule): any foreign share fails the
 * eligibility of the activities, permits or facts `when` names.
 */
export const foreignProhibition = z.strictObject({
  id,
  name: text,
  /** what the measure says, paraphrased */
  description: text,
  /** the activities, permits or other facts the measure covers */
  when: condition,
  /** whether the measure surely covers what `when` names; when not, a foreign share leaves the check unknown */
  scopeSettled: z.boolean().optional(),
  ...cited,
});
export type ForeignProhibition = z.infer<typeof foreignProhibition>;

export const conditionsFile = z.strictObject({
  checks: z.array(
    z.strictObject({
      id: z.enum(['company-form', 'registered-capital', 'foreign-share', 'credit', 'mainland-hosting']),
      name: text,
      description: text,
      /** parameters the check reads (thresholds) */
      parameters: z.array(id).optional(),
      /** the threshold parameter for each kind of coverage (registered capital) */
      parameterByCoverage: z.strictObject({ 'single-province': id, 'multi-province': id }).optional(),
      /** the check applies only where this holds (e.g. to the licences that require it) */
      when: condition.optional(),
      ...cited,
    }),
  ),
  foreignCaps: z.array(foreignCap),
  /** businesses closed to foreign investment whatever the telecom cap */
  foreignProhibitions: z.array(foreignProhibition).optional(),
  /** ways to reach MIIT or a province other than by coverage */
  authorityRules: z.array(
    z.strictObject({
      id,
      description: text,
      when: condition,
      authority: z.enum(['MIIT', 'registered-province', 'coverage-province']),
      ...cited,
    }),
  ),
});

// ---------------------------------------------------------------- questions

export const question = z.strictObject({
  id,
  text,
  help: text.optional(),
});
export type Question = z.infer<typeof question>;
export const questionsFile = z.strictObject({ questions: z.array(question) });

// ---------------------------------------------------------------- activities

export const requirement = z.enum(['required', 'recommended']);
export type Requirement = z.infer<typeof requirement>;

export const licenceRule = z.strictObject({
  rule: id,
  code: licenceCode,
  scope: b25Scope.optional(),
  subtype: id.optional(),
  requirement,
  when: condition.optional(),
  reason: text,
  ...cited,
});
export type LicenceRule = z.infer<typeof licenceRule>;

export const permitRule = z.strictObject({
  rule: id,
  permit: permitId,
  requirement,
  when: condition.optional(),
  reason: text,
  ...cited,
});
export type PermitRule = z.infer<typeof permitRule>;

export const activity = z.strictObject({
  id,
  name: text,
  aliases: z.array(z.string().min(1)),
  description: text,
  /** whether the activity is commercial (经营性) in the sense of the ICP Measures Art. 3 */
  commercial: z.union([z.boolean(), z.literal('depends')]),
  licences: z.array(licenceRule),
  permits: z.array(permitRule),
  /** the business no longer legally exists or cannot be done by a value-added licensee */
  notPermitted: text.optional(),
  ...cited,
});
export type Activity = z.infer<typeof activity>;
export const activitiesFile = z.strictObject({ activities: z.array(activity) });

// ---------------------------------------------------------------- permits and filings

export const permit = z.strictObject({
  id: permitId,
  name: text,
  issuer: text,
  /** must be obtained before the telecom licence or filing (前置审批, ICP Measures Art. 5) */
  preApproval: z.boolean(),
  /** closed to foreign investment under the negative list */
  foreignProhibited: z.boolean(),
  description: text,
  ...cited,
});
export type Permit = z.infer<typeof permit>;
export const permitsFile = z.strictObject({ permits: z.array(permit) });

export const filingRule = z.strictObject({
  rule: id,
  kind: filingKind,
  requirement,
  when: condition.optional(),
  /**
   * the filing is made under a licence (经营性备案) when one of these licences is concluded; a code alone
   * means any scope, "B25:internet" only the ICP scope of B25
   */
  commercialWhenLicence: z
    .array(z.union([licenceCode, z.enum(['B25:internet', 'B25:non-internet'])]))
    .optional(),
  reason: text,
  ...cited,
});
export type FilingRule = z.infer<typeof filingRule>;

export const filingsFile = z.strictObject({
  filings: z.array(
    z.strictObject({
      id: filingKind,
      name: text,
      authority: text,
      description: text,
      /** who receives it: the communications administration of the province of domicile, or the local police */
      receivedBy: z.enum(['registered-province-ca', 'local-public-security']),
      /** whether a filing is made as commercial (under a licence number) or non-commercial */
      hasVariants: z.boolean(),
      /** parameter with the authority's processing time */
      processingParameter: id.optional(),
      /** parameter with the filer's deadline, e.g. days after going online */
      deadlineParameter: id.optional(),
      ...cited,
    }),
  ),
  rules: z.array(filingRule),
});

// ---------------------------------------------------------------- pitfalls

export const pitfall = z.strictObject({
  id,
  title: text,
  message: text,
  when: condition.optional(),
  severity: z.enum(['high', 'medium', 'info']),
  ...cited,
});
export type Pitfall = z.infer<typeof pitfall>;
export const pitfallsFile = z.strictObject({ pitfalls: z.array(pitfall) });

// ---------------------------------------------------------------- materials (checklists)

export type Procedure = z.infer<typeof procedure>;
export const fileType = z.enum(['pdf', 'jpeg', 'png']);
export type FileType = z.infer<typeof fileType>;

export const material = z.strictObject({
  id,
  name: text,
  description: text,
  /** statutory: named by a legal text; practice: commonly demanded by the authorities or access providers */
  basis: z.enum(['statutory', 'practice']),
  procedures: z.array(procedure).min(1),
  /** only for these licence categories; all categories when absent */
  licences: z.array(licenceCode).optional(),
  /**
   * only when this holds for the applicant; `licence` means the licence applied for, `permit` a permit the
   * assessment of the profile concludes (e.g. a pre-approval)
   */
  when: condition.optional(),
  format: z.array(
    z.enum([
      'online-form',
      'original',
      'copy',
      'colour-scan',
      'seal',
      'signature',
      'notarised',
      'translation',
    ]),
  ),
  providedBy: z.enum([
    'applicant',
    'legal-representative',
    'shareholders',
    'staff',
    'access-provider',
    'domain-registrar',
    'sector-regulator',
    'landlord',
    'bank-or-auditor',
  ]),
  /** the kind a document in an application package declares to fulfil this item */
  documentKind: id,
  fileTypes: z.array(fileType).min(1),
  /** may be submitted later, when the licence is collected (容缺受理) */
  deferrable: z.boolean().optional(),
  /** where a declaration or another item can stand in for it */
  alternative: text.optional(),
  ...cited,
});
export type Material = z.infer<typeof material>;
export const materialsFile = z.strictObject({ materials: z.array(material) });

// ---------------------------------------------------------------- holidays (working-day calendar)

/** a day of the year as MM-DD */
const monthDay = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'expected MM-DD');

/** the lunar and solar-term days a statutory holiday can be anchored to */
export const holidayAnchor = z.enum(['spring-festival', 'qingming', 'dragon-boat', 'mid-autumn']);
export type HolidayAnchor = z.infer<typeof holidayAnchor>;

export const holidaysFile = z.strictObject({
  /** the State Council General Office notice of each year: the calendar as published */
  years: z.array(
    z.strictObject({
      year: z.number().int(),
      /** days off that fall on a weekday */
      off: z.array(isoDate),
      /** weekend days that are working days (调休) */
      workdays: z.array(isoDate),
      sources: z.array(sourceRef).min(1),
      confidence,
    }),
  ),
  /**
   * the statutory public holidays (全国年节及纪念日放假办法), by version: what a year without a notice is
   * estimated from
   */
  statutory: z.array(
    z.strictObject({
      holidays: z.array(
        z.strictObject({
          id,
          name: text,
          /** a fixed day of the Gregorian year, or a lunar / solar-term day of the `lunar` table */
          on: z.union([z.strictObject({ fixed: monthDay }), z.strictObject({ anchor: holidayAnchor })]),
          /** the days off, as offsets from `on` (e.g. [-1, 0, 1, 2] for Spring Festival Eve and days 1–3) */
          days: z.array(z.number().int()).min(1),
        }),
      ),
      /** a holiday day on a Saturday or Sunday is given back on the next working day (补假) */
      weekendMakeUp: z.boolean(),
      ...cited,
    }),
  ),
  /** the lunar and solar-term days of the years a notice does not cover yet */
  lunar: z.strictObject({
    years: z.array(
      z.strictObject({
        year: z.number().int(),
        'spring-festival': isoDate,
        qingming: isoDate,
        'dragon-boat': isoDate,
        'mid-autumn': isoDate,
      }),
    ),
    sources: z.array(sourceRef).min(1),
    confidence,
    note: text.optional(),
  }),
});
export type HolidaysFile = z.infer<typeof holidaysFile>;

// ---------------------------------------------------------------- obligations (post-licence duties)

/** company events that can set a change obligation going */
export const companyEventKind = z.enum([
  'name',
  'legal-representative',
  'registered-capital',
  'shareholders',
  'foreign-share',
  'address',
  'operating-entity',
  'coverage',
  'service-items',
  'websites',
  'domains',
  'apps',
  'servers',
  'hosting-provider',
  'site-closed',
  'termination',
  /** a site goes online (the public-security filing counts from it) */
  'site-online',
  /** a domain a filing names reaches its expiry day (the register's domain expiry) */
  'domain-expiry',
  /** a domain a filing names passes to another holder */
  'domain-transferred',
]);
export type CompanyEventKind = z.infer<typeof companyEventKind>;

/** a day count of an obligation: a kb parameter by id, or a count stated here with the rule's sources */
const obligationCount = z.union([
  z.strictObject({ parameter: id }),
  z.strictObject({ days: z.number().int().min(0), unit: z.enum(['calendar-days', 'working-days']) }),
  z.strictObject({ years: z.number().int().min(1) }),
]);

export const obligationRule = z.strictObject({
  id,
  kind: z.enum([
    'annual-report',
    'renewal',
    'expiry',
    'change',
    'filing-change',
    'filing-cancellation',
    'app-filing',
    'public-security-filing',
    'number-annual-report',
    'number-fee',
    'number-use',
    'display',
  ]),
  name: text,
  /** what the holder has to do */
  duty: text,
  /** what the rule attaches to: a licence, an ICP or app filing, a site that went online, a number resource */
  subject: z.enum(['licence', 'icp-filing', 'app-filing', 'site', 'number']),
  /** when the obligation arises and how its window is set */
  deadline: z.discriminatedUnion('type', [
    /** every year for each subject held on 31 December, in a window of the next year */
    z.strictObject({
      type: z.literal('yearly-window'),
      parameter: id.optional(),
      window: z.strictObject({ from: monthDay, to: monthDay }).optional(),
    }),
    /** a count after the event (registry change, decision, going online, allocation) */
    z.strictObject({ type: z.literal('after'), count: obligationCount }),
    /** a count before the event (expiry, the day a change takes effect) */
    z.strictObject({ type: z.literal('before'), count: obligationCount }),
    /** on the day of the event at the latest (e.g. before an app goes online) */
    z.strictObject({ type: z.literal('on-event') }),
    /** every quarter, by a day of the first month of the next quarter */
    z.strictObject({ type: z.literal('quarterly'), byDay: z.number().int().min(1).max(28) }),
    /** a standing duty from the event on, with no end */
    z.strictObject({ type: z.literal('continuous') }),
  ]),
  /**
   * the company events that set it going: for change rules (dated by the event), and for the rules a change
   * impact reads (a site going online); the deadline must count from the event (after, before, on-event)
   */
  events: z.array(companyEventKind).min(1).optional(),
  /** for number rules: the number kinds it covers (all when left out) */
  numberKinds: z.array(z.string().min(1)).optional(),
  /** what happens to a due date on a rest day: later (a period ends), earlier (act before), stays */
  onRestDay: z.enum(['later', 'earlier', 'stays']),
  /** the consequence of missing it, with its own sources (penalty ids may be linked later) */
  consequence: z.strictObject({ text, sources: z.array(sourceRef).min(1) }),
  ...cited,
});
export type ObligationRule = z.infer<typeof obligationRule>;

export const obligationsFile = z.strictObject({
  /** how a due date on a rest day is read (Civil Code Art. 203), with its sources */
  restDay: z.strictObject({ name: text, ...cited }),
  rules: z.array(obligationRule),
});
export type ObligationsFile = z.infer<typeof obligationsFile>;

export const sourcesFile = z.strictObject({ sources: z.array(source) });

// ---------------------------------------------------------------- penalties

/** the consequences of a violation: fines, closure, credit lists; number rules and answers cite them by id */
export const penalty = z.strictObject({
  id,
  violation: text,
  consequence: text,
  /** who imposes it: MIIT or the provincial communications administration, the police, … */
  imposedBy: text,
  /** parameters with the amounts (fines) or periods it uses */
  parameters: z.array(id).optional(),
  /** the credit list it leads to, if any */
  creditList: z.enum(['bad-record', 'dishonest']).optional(),
  /** pitfalls (pitfalls.yaml) that lead to it when not avoided: the assessment shows it with them */
  pitfalls: z.array(id).optional(),
  ...cited,
});
export type Penalty = z.infer<typeof penalty>;
export const penaltiesFile = z.strictObject({ penalties: z.array(penalty) });

// ---------------------------------------------------------------- fees

/** what the government charges (or does not charge) for a licence, a filing or a number */
export const fee = z.strictObject({
  id,
  name: text,
  appliesTo: z.enum(['licence', 'filing', 'number']),
  charged: z.boolean(),
  /** the amount as the sources state it (ranges, reductions); absent when nothing is charged */
  amount: text.optional(),
  /** the yearly amount in CNY where one figure can be stated */
  yearlyCny: z.number().nonnegative().optional(),
  ...cited,
});
export type Fee = z.infer<typeof fee>;
export const feesFile = z.strictObject({ fees: z.array(fee) });

// ---------------------------------------------------------------- number resources (码号资源)

export const numberResource = z.strictObject({
  id,
  name: text,
  /** the number block as written, e.g. "95xxx / 95xxxx" */
  pattern: z.string().min(1),
  use: text,
  allocatedBy: z.enum(['MIIT', 'provincial-ca', 'basic-operator']),
  reach: z.enum(['national', 'provincial']),
  /** who may apply, in the sources' words */
  holders: text,
  /** the licence a telecom operator must hold before applying, with the coverage it must have */
  licenceFirst: z
    .strictObject({
      codes: z.array(licenceCode).min(1),
      scope: b25Scope.optional(),
      coverage: z.enum(['single-province', 'multi-province']).optional(),
    })
    .optional(),
  /** the activities for which the assessment presents this number (none: searchable only) */
  activities: z.array(id),
  /** narrows when the assessment presents it (e.g. coverage) */
  when: condition.optional(),
  /** fees.yaml entries that apply to this number */
  fees: z.array(id),
  ...cited,
});
export type NumberResource = z.infer<typeof numberResource>;

/** a rule every number holder follows: use within a year, annual report, no transfer, recovery */
export const numberRule = z.strictObject({
  id,
  name: text,
  text,
  parameters: z.array(id).optional(),
  penalties: z.array(id).optional(),
  ...cited,
});
export type NumberRule = z.infer<typeof numberRule>;

export const numbersFile = z.strictObject({
  numbers: z.array(numberResource),
  rules: z.array(numberRule),
  /** the materials of a number application (procedure number-application) */
  materials: z.array(material),
});

// ---------------------------------------------------------------- answers to common questions (faq/*.yaml)

export const faq = z.strictObject({
  id,
  question: text,
  /** other ways users ask it, in their words (searched like the question) */
  asked: z.array(z.string().min(1)),
  answer: text,
  /** the kb entries the answer rests on */
  rests: z
    .strictObject({
      parameters: z.array(id).optional(),
      pitfalls: z.array(id).optional(),
      penalties: z.array(id).optional(),
      numbers: z.array(id).optional(),
      fees: z.array(id).optional(),
      activities: z.array(id).optional(),
      licences: z.array(licenceCode).optional(),
    })
    .optional(),
  ...cited,
});
export type Faq = z.infer<typeof faq>;
export const faqFile = z.strictObject({ faqs: z.array(faq) });

// ---------------------------------------------------------------- search vocabulary

/** words users type for the same thing (EDI证 = 在线数据处理与交易处理业务 = B21), and words search ignores */
export const synonymsFile = z.strictObject({
  synonyms: z.array(
    z.strictObject({ terms: z.array(z.string().min(1)).min(2), note: z.string().optional() }),
  ),
  stopwords: z.array(z.string().min(1)),
});
