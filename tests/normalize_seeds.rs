//! The seed articles: the normalize stage alone must put every quote, space and blank line
//! into the golden form. The golden files also carry the work of other stages; those
//! edits are listed here by hand, per seed, and applied to the golden comparison.

use newsclean::config::NormalizeConfig;
use newsclean::normalize::normalize;

/// Edits made by other stages, written as (line normalize produces, line in golden or
/// `None` when the line goes).
struct OtherStages {
    seed: &'static str,
    edits: &'static [(&'static str, Option<&'static str>)],
}

const SEEDS: &[OtherStages] = &[
    OtherStages {
        seed: "000_68021376e4e97bad.txt",
        edits: &[(
            "(MENAFN) US President Donald Trump has approved a 28-point blueprint intended to bring the Russia-Ukraine war to a close, a senior administration official told reporters, according to accounts.",
            Some("US President Donald Trump has approved a 28-point blueprint intended to bring the Russia-Ukraine war to a close, a senior administration official told reporters, according to accounts."),
        )],
    },
    OtherStages {
        seed: "004_dbcdf2f8a8157395.txt",
        edits: &[
            (
                "In an interview with Axios on Monday, Kirill Dmitriev, an adviser to Russian President Vladimir Putin, said he and Trump envoy Steve Witkoff had written a 28-point peace plan during a face-to-face visit last month in Miami.\u{c2}",
                Some("In an interview with Axios on Monday, Kirill Dmitriev, an adviser to Russian President Vladimir Putin, said he and Trump envoy Steve Witkoff had written a 28-point peace plan during a face-to-face visit last month in Miami."),
            ),
            (
                "Just days after the Trump administration imposed sanctions on Russian oil and gas in October, Dmitriev traveled to the U.S. to hold previously scheduled talks with Witkoff in an effort to continue to make progress on a proposal to end the war, as a senior U.S. official described it at the time.\u{c2}",
                Some("Just days after the Trump administration imposed sanctions on Russian oil and gas in October, Dmitriev traveled to the U.S. to hold previously scheduled talks with Witkoff in an effort to continue to make progress on a proposal to end the war, as a senior U.S. official described it at the time."),
            ),
            ("YURIY DYACHYSHYN/AFP/Getty", None),
        ],
    },
];

fn fixture(dir: &str, name: &str) -> String {
    let path = format!("{}/fixtures/{dir}/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn seeds_reach_golden_form() {
    for case in SEEDS {
        let seed = fixture("normalize/seeds", case.seed);
        let golden = fixture("golden", case.seed);
        let fixed = normalize(&seed, &NormalizeConfig::default());
        let mut lines = Vec::new();
        for line in fixed.text.lines() {
            match case.edits.iter().find(|(from, _)| *from == line) {
                Some((_, Some(to))) => lines.push(*to),
                Some((_, None)) => {}
                None => lines.push(line),
            }
        }
        let mut text = lines.join("\n");
        text.push('\n');
        assert!(fixed.text.ends_with('\n') && !fixed.text.ends_with("\n\n"));
        assert_eq!(text, golden, "{}", case.seed);
        for (from, _) in case.edits {
            assert!(
                fixed.text.lines().any(|l| l == *from),
                "{}: edit {from:?} unused",
                case.seed
            );
        }
    }
}

#[test]
fn seeds_are_stable() {
    for case in SEEDS {
        let seed = fixture("normalize/seeds", case.seed);
        let config = NormalizeConfig::default();
        let once = normalize(&seed, &config).text.into_owned();
        let twice = normalize(&once, &config);
        assert!(
            twice.changes.is_empty(),
            "{}: {:?}",
            case.seed,
            twice.changes
        );
    }
}
