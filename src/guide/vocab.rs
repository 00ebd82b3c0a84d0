//! Glossary enumerations used by the guide and by tickets.

use serde::{Deserialize, Serialize};

macro_rules! vocab {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $var:ident = $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $var),+ }

        impl $name {
            /// Every value, in glossary order.
            pub const ALL: &'static [$name] = &[$($name::$var),+];

            /// The snake_case name of the glossary.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$var => $s),+ }
            }

            /// Parses the snake_case name.
            pub fn parse(s: &str) -> Option<$name> {
                match s { $($s => Some($name::$var),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocab! {
    /// 领域: the five domains the platform accepts requests in (R-SCOPE-1). Every category of
    /// the guide belongs to one; assessments can be grouped by domain.
    ///
    /// # Example
    /// ```
    /// use jiesu::guide::{Domain, Guide};
    /// assert_eq!(Domain::parse("eco_environment"), Some(Domain::EcoEnvironment));
    /// assert_eq!(Domain::ALL.len(), 5);
    /// // 农村人居环境和村庄保洁 (040102) is an ecological matter although it sits under 城市管理.
    /// assert_eq!(Guide::yanshan_default().category("040102").unwrap().domain, Domain::EcoEnvironment);
    /// ```
    Domain {
        /// 经济调节: economic regulation (employment, wages, enterprise support, prices).
        EconomicRegulation = "economic_regulation",
        /// 市场监管: market supervision (consumer rights, product and food safety, licences).
        MarketSupervision = "market_supervision",
        /// 社会管理: social management (urban management, roads, public order, rural
        /// governance).
        SocialManagement = "social_management",
        /// 公共服务: public services (education, health, social security, water, power).
        PublicService = "public_service",
        /// 生态环境保护: ecological and environmental protection (pollution, sanitation).
        EcoEnvironment = "eco_environment",
    }
}

vocab! {
    /// 诉求类型: the five kinds of appeal the platform accepts (R-SCOPE-1).
    ///
    /// # Example
    /// ```
    /// use jiesu::guide::AppealType;
    /// assert_eq!(AppealType::parse("report"), Some(AppealType::Report));
    /// assert_eq!(serde_json::to_string(&AppealType::Suggestion).unwrap(), r#""suggestion""#);
    /// ```
    AppealType {
        /// 咨询: a question about a policy or procedure, often answered on the spot (R-SCOPE-3).
        Consultation = "consultation",
        /// 求助: a request for help with a problem the requester cannot solve alone.
        Help = "help",
        /// 投诉: a complaint about a service, a unit or a nuisance that affects the requester.
        Complaint = "complaint",
        /// 举报: a report (whistle-blowing) of a violation by others.
        Report = "report",
        /// 意见建议: an opinion or suggestion on public affairs.
        Suggestion = "suggestion",
    }
}

vocab! {
    /// 不予受理 reason codes: why a request is not accepted (R-SCOPE-2). A `decline` records
    /// the reason and the guidance the guide gives for it.
    ///
    /// # Example
    /// ```
    /// use jiesu::guide::{DeclineReason, Guide};
    /// assert_eq!(DeclineReason::ALL.len(), 10);
    /// let g = Guide::yanshan_default();
    /// let s = g.suggest("我想申请劳动仲裁，仲裁委在哪里", None);
    /// assert_eq!(s.exclusions[0].reason, DeclineReason::Arbitration);
    /// ```
    DeclineReason {
        /// 诉讼: a matter to be resolved in court.
        Litigation = "litigation",
        /// 仲裁: a matter for arbitration (labour and personnel disputes included).
        Arbitration = "arbitration",
        /// 纪检监察: misconduct of party members or public officials, for the discipline
        /// inspection and supervision commission.
        DisciplineInspection = "discipline_inspection",
        /// 行政复议: an objection to an administrative act, for administrative reconsideration.
        AdministrativeReconsideration = "administrative_reconsideration",
        /// 政府信息公开: a request for government information, under the disclosure
        /// regulation.
        InformationDisclosure = "information_disclosure",
        /// 已进入信访渠道: a matter already in the petition (信访) channel.
        PetitionChannel = "petition_channel",
        /// 国家秘密: a matter involving state secrets.
        StateSecret = "state_secret",
        /// 商业秘密: a matter involving another party's trade secrets.
        TradeSecret = "trade_secret",
        /// 个人隐私: a matter involving another person's privacy.
        PersonalPrivacy = "personal_privacy",
        /// 违反公序良俗: a request against public order and good morals.
        PublicOrder = "public_order",
    }
}

vocab! {
    /// The kind of a handling unit (承办单位, R-ORG-2): townships also lead the categories
    /// routed by location and are the groups of township assessments.
    ///
    /// # Example
    /// ```
    /// use jiesu::guide::{Guide, UnitKind};
    /// let g = Guide::yanshan_default();
    /// assert_eq!(g.units().iter().filter(|u| u.kind == UnitKind::Township).count(), 11);
    /// ```
    UnitKind {
        /// 乡镇: a town or township (Yanshan has 4 towns and 7 townships).
        Township = "township",
        /// 县直部门 (and external utilities).
        Department = "department",
    }
}

vocab! {
    /// 承办角色: the role of a unit assigned to a ticket (R-SCOPE-4).
    ///
    /// # Example
    /// ```
    /// use jiesu::guide::AssignmentRole;
    /// assert_eq!(AssignmentRole::parse("cooperating"), Some(AssignmentRole::Cooperating));
    /// assert_eq!(AssignmentRole::Lead.as_str(), "lead");
    /// ```
    AssignmentRole {
        /// 牵头单位: the lead unit. It answers the requester, submits the completion report and
        /// owns the completion clock; exactly one per ticket.
        Lead = "lead",
        /// 责任单位: a unit responsible for part of the matter; it contributes to the lead's
        /// report (会商联办).
        Responsible = "responsible",
        /// 配合单位: a unit that assists the lead unit.
        Cooperating = "cooperating",
    }
}

vocab! {
    /// Emergency services a request is handed over to.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::guide::EmergencyService::parse("120"), Some(jiesu::guide::EmergencyService::Medical));
    /// ```
    EmergencyService {
        /// 110 police.
        #[serde(rename = "110")]
        Police = "110",
        /// 119 fire and rescue.
        #[serde(rename = "119")]
        Fire = "119",
        /// 120 medical emergency.
        #[serde(rename = "120")]
        Medical = "120",
        /// 122 traffic accident.
        #[serde(rename = "122")]
        Traffic = "122",
    }
}
