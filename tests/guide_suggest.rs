//! Regression set of the suggester (issue 18): emergencies flagged, past, hypothetical,
//! negated and handled mentions not; other counties and cities out of scope; short keywords
//! that match inside other words masked; village matters to the township.

use jiesu::guide::{EmergencyService, Guide, Location, Qualifier, RouteBasis};

fn guide() -> Guide {
    Guide::yanshan_default()
}

#[test]
fn emergencies_happening_now_are_flagged() {
    let g = guide();
    for (text, service) in [
        ("我家厨房里一股煤气味，很浓，我不敢开灯", EmergencyService::Fire),
        ("有个人拿着刀在街上砍人，已经砍伤两个人了，流了很多血", EmergencyService::Police),
        ("我爸突然倒地了，嘴歪了说不出话，好像中风了", EmergencyService::Medical),
        ("有个小孩掉进河里了，快来人啊", EmergencyService::Fire),
        ("刚刚下大雨山体垮下来，有人被埋了", EmergencyService::Fire),
        ("我老婆怀孕九个月羊水破了，车陷在泥里出不去", EmergencyService::Medical),
        ("楼下着火了，有人被困", EmergencyService::Fire),
        ("路口刚刚出车祸了，有人倒在地上不动", EmergencyService::Traffic),
        ("我家老人喝了农药，口吐白沫", EmergencyService::Medical),
        ("去年这里出过车祸，现在又出车祸了，有人受伤", EmergencyService::Traffic),
    ] {
        let s = g.suggest(text, None);
        assert!(s.emergencies.iter().any(|e| e.service == service), "{text}: {:?}", s.emergencies);
    }
}

#[test]
fn past_hypothetical_negated_and_handled_mentions_are_not_emergencies() {
    let g = guide();
    for (text, qualifier) in [
        ("去年这个路口出过车祸，希望装个红绿灯", Qualifier::Past),
        ("上次着火以后楼道还是堆满杂物", Qualifier::Past),
        ("消防通道被堵，万一着火消防车进不来", Qualifier::Hypothetical),
        ("如果有小孩溺水就麻烦了，水库边没有护栏", Qualifier::Hypothetical),
        ("担心哪天燃气泄漏，管道锈得厉害", Qualifier::Hypothetical),
        ("楼上冒烟但是没有着火，是在烧东西", Qualifier::Negation),
        ("我爸晕倒了我们打了120，医院乱收费", Qualifier::Handled),
        ("老人昏迷已经送到医院了，想问医保报销", Qualifier::Handled),
    ] {
        let s = g.suggest(text, None);
        assert!(s.emergencies.is_empty(), "{text}: {:?}", s.emergencies);
        assert!(s.discounted.iter().any(|d| d.qualifier == qualifier), "{text}: {:?}", s.discounted);
    }
    // Not emergency words at all.
    for text in ["我们村的路太烂了，救护车都过不去", "学校开展防溺水教育", "交通事故认定书什么时候能拿到"] {
        assert!(g.suggest(text, None).emergencies.is_empty(), "{text}");
    }
}

#[test]
fn other_counties_and_cities_are_out_of_scope_unless_a_yanshan_place_is_named() {
    let g = guide();
    for text in ["我是文山市开化街道的，小区路灯坏了", "我在丘北县，水费太贵了", "马关县那边的低保怎么申请", "广南县的班车老是不发车", "我在昆明，房东不退押金"]
    {
        let s = g.suggest(text, None);
        assert_eq!(s.out_of_scope.first().map(|o| &*o.kind), Some("other_jurisdiction"), "{text}");
    }
    for text in ["我是平远镇车白泥的，在昆明打工，家里老人的低保被取消了", "我家在维摩，去文山市看病回来报销不了"]
    {
        assert!(g.suggest(text, None).out_of_scope.is_empty(), "{text}");
    }
    // Given as the location, the township makes it local too.
    assert!(g.suggest("丘北县来的亲戚说这边路灯坏了", Some(&Location::township("jiangna"))).out_of_scope.is_empty());
}

#[test]
fn venting_harassment_and_cases_in_court_are_recognised() {
    let g = guide();
    assert_eq!(g.suggest("没什么事，就是心情不好想找人聊天", None).out_of_scope[0].kind, "venting");
    assert_eq!(g.suggest("美女，你叫什么名字，加个微信嘛", None).out_of_scope[0].kind, "harassment");
    assert!(!g.suggest("这个案子二审了，我对一审判决不服", None).exclusions.is_empty());
}

#[test]
fn masked_keywords_are_no_evidence() {
    let g = guide();
    let s = g.suggest("我是退役的士官，退役安置的工作到现在还没落实", None);
    assert_eq!(s.categories[0].routing.lead.as_deref(), Some("veterans"));
    assert!(s.categories.iter().all(|c| c.code != "050202"), "{:?}", s.categories);
}

#[test]
fn new_categories_reach_their_units() {
    let g = guide();
    for (text, unit) in [
        ("手机话费被乱扣，还开通了增值业务", "telecom"),
        ("想把老号码销号，营业厅说要交违约金", "telecom"),
        ("那个工程招标有人围标串标", "development_reform"),
        ("政府采购的货款拖了一年，我们是供应商", "finance"),
        ("家电以旧换新的补贴怎么领", "industry_it"),
        ("报废汽车回收在哪里办", "industry_it"),
        ("汛期快到了防洪堤还没修", "emergency"),
        ("户户通的电视没信号了，机顶盒换了也不行", "culture_tourism"),
        ("有人在山上盗墓，古墓被挖了", "culture_tourism"),
        ("我打12345反映的事，工单说办结了其实没人来", "government_services"),
    ] {
        let s = g.suggest(text, None);
        assert_eq!(s.categories.first().and_then(|c| c.routing.lead.as_deref()), Some(unit), "{text}: {:?}", s.categories.first());
    }
}

#[test]
fn village_matters_go_to_the_township_and_county_town_ones_to_departments() {
    let g = guide();
    // A village of the guide's places locates the request and makes it a village matter.
    let s = g.suggest("维摩乡幕菲勒的太阳能路灯坏了一个多月了", None);
    assert_eq!((s.township.as_deref(), s.in_village), (Some("weimo"), true));
    let top = &s.categories[0];
    assert_eq!((&*top.code, top.routing.lead.as_deref(), top.basis), ("040201", Some("weimo"), RouteBasis::Village));
    assert!(top.routing.cooperating.contains(&"urban_management".to_string()));
    // A village word with the township given.
    let s = g.suggest("我们村里的大喇叭一大早就放，吵得很", Some(&Location::township("阿舍")));
    assert_eq!(s.categories[0].routing.lead.as_deref(), Some("ashe"));
    // The county town: the department.
    let s = g.suggest("县城那条街的路灯坏了", Some(&Location::township("jiangna")));
    assert_eq!((s.categories[0].routing.lead.as_deref(), s.categories[0].basis), (Some("urban_management"), RouteBasis::Guide));
    // A national highway stays with transport whatever township is named.
    let s = g.suggest("稼依镇旁边323国道那一段路面破损很厉害", None);
    assert_eq!(s.categories[0].routing.lead.as_deref(), Some("transport"));
}

#[test]
fn routine_requests_still_route_right() {
    let g = guide();
    for (text, unit) in [
        ("小区物业不管事，这几天老是停电", "power_supply"),
        ("我们这里突然停水了，也没有通知", "water_supply"),
        ("包工头欠我们十几个人的工钱，农民工工资拖了三个月", "human_resources"),
        ("在一家米线店吃出了苍蝇，老板还不承认", "market_supervision"),
        ("村干部办事吃拿卡要，开个证明都要请吃饭", "ganhe"),
    ] {
        let s = g.suggest(text, Some(&Location::township("ganhe")));
        assert_eq!(s.categories.first().and_then(|c| c.routing.lead.as_deref()), Some(unit), "{text}: {:?}", s.categories.first());
    }
}

/// Suggestions borrow their text from the guide: owning it (`into_owned`) or reading their
/// JSON back changes nothing, for every kind of match (categories with borrowed and resolved
/// routings, exclusions, emergencies, discounted mentions, out-of-scope matters).
#[test]
fn suggestions_owned_or_read_back_from_json_are_the_same() {
    let g = guide();
    let texts = [
        ("江那镇××小区门口路灯坏了一个多月，晚上漆黑一片", None),
        ("村里的路灯坏了，晚上看不见", Some(Location::township("weimo"))),
        ("这个事我已经向法院起诉了，想问问判决书什么时候下来", None),
        ("楼下着火了，有人被困", None),
        ("消防通道被堵，万一着火消防车进不来", None),
        ("我是丘北县的，我们村的路灯坏了半年了没人管", None),
        ("村里突然停水两天了，水管爆裂一直没人修", Some(Location::township("baga"))),
    ];
    let mut kinds = [false; 5];
    for (text, location) in &texts {
        let s = g.suggest(text, location.as_ref());
        kinds[0] |= s.categories.iter().any(|c| matches!(c.routing, std::borrow::Cow::Owned(_)));
        kinds[1] |= !s.exclusions.is_empty();
        kinds[2] |= !s.emergencies.is_empty();
        kinds[3] |= !s.discounted.is_empty();
        kinds[4] |= !s.out_of_scope.is_empty();
        let owned: jiesu::guide::Suggestions<'static> = s.clone().into_owned();
        assert_eq!(owned, s, "{text}");
        let json = serde_json::to_string(&s).unwrap();
        let back: jiesu::guide::Suggestions<'static> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s, "{text}");
        assert_eq!(serde_json::to_string(&owned).unwrap(), json, "{text}");
    }
    assert_eq!(kinds, [true; 5], "every kind of match was exercised");
}
