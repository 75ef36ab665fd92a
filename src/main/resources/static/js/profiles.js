// Draws the enterprise profile's charts (health gauge, headcount funnel, spend by month) from data attributes.
(function () {
  if (!window.echarts) {
    return;
  }
  var charts = [];
  var numbers = function (text) { return text ? text.split(',').map(Number) : []; };
  var gauge = document.getElementById('health-gauge');
  if (gauge) {
    var score = Number(gauge.dataset.score);
    var chart = echarts.init(gauge);
    chart.setOption({
      animation: false,
      series: [{
        type: 'gauge', min: 0, max: 100, radius: '95%', center: ['50%', '60%'],
        startAngle: 200, endAngle: -20, splitNumber: 5,
        axisLine: { lineStyle: { width: 14, color: [[0.4, '#dc2626'], [0.6, '#f59e0b'], [1, '#0f766e']] } },
        pointer: { width: 4 }, detail: { show: false }, title: { show: false },
        data: [{ value: score, name: gauge.dataset.label }]
      }]
    });
    charts.push(chart);
  }
  var funnel = document.getElementById('headcount-funnel');
  if (funnel) {
    var d = funnel.dataset;
    var funnelChart = echarts.init(funnel);
    funnelChart.setOption({
      animation: false,
      color: ['#94a3b8', '#6366f1', '#0f766e'],
      tooltip: { trigger: 'item' },
      series: [{
        type: 'funnel', sort: 'none', left: '4%', width: '48%', top: 8, bottom: 8, gap: 2, minSize: '8%',
        label: { show: true, position: 'right', formatter: '{b}: {c}' },
        data: [
          { name: d.labelLease, value: Number(d.lease) },
          { name: d.labelRegistered, value: Number(d.registered) },
          { name: d.labelActive, value: Number(d.active) }
        ]
      }]
    });
    charts.push(funnelChart);
  }
  var spend = document.getElementById('spend-trend');
  if (spend) {
    var s = spend.dataset;
    var spendChart = echarts.init(spend);
    spendChart.setOption({
      animation: false,
      color: ['#0f766e', '#f59e0b'],
      tooltip: { trigger: 'axis' },
      legend: { data: [s.labelSpend, s.labelOrders] },
      grid: { left: 64, right: 48, bottom: 32, top: 40 },
      xAxis: { type: 'category', data: s.months ? s.months.split(',') : [] },
      yAxis: [{ type: 'value' }, { type: 'value', minInterval: 1 }],
      series: [
        { name: s.labelSpend, type: 'bar', data: numbers(s.spend) },
        { name: s.labelOrders, type: 'line', yAxisIndex: 1, data: numbers(s.orders) }
      ]
    });
    charts.push(spendChart);
  }
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
})();
